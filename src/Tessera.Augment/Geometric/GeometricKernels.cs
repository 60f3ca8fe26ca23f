using Tessera.Augment.Targets;

namespace Tessera.Augment.Geometric;

/// <summary>Matrix and point kernels shared by the warping transforms (albumentations 1.3.1 <c>geometric/functional.py</c>).</summary>
internal static class GeometricKernels
{
    /// <summary>OpenCV <c>getRotationMatrix2D</c>: 2×3, angle in degrees, counter-clockwise as displayed.</summary>
    public static double[,] RotationMatrix(double cx, double cy, double angleDeg, double scale)
    {
        var a = angleDeg * Math.PI / 180.0;
        var alpha = Math.Cos(a) * scale;
        var beta = Math.Sin(a) * scale;
        return new[,]
        {
            { alpha, beta, ((1 - alpha) * cx) - (beta * cy) },
            { -beta, alpha, (beta * cx) + ((1 - alpha) * cy) },
        };
    }

    public static (double X, double Y) Apply(double[,] m, double x, double y)
    {
        if (m.GetLength(0) == 3)
        {
            var w = (m[2, 0] * x) + (m[2, 1] * y) + m[2, 2];
            return (((m[0, 0] * x) + (m[0, 1] * y) + m[0, 2]) / w, ((m[1, 0] * x) + (m[1, 1] * y) + m[1, 2]) / w);
        }
        return ((m[0, 0] * x) + (m[0, 1] * y) + m[0, 2], (m[1, 0] * x) + (m[1, 1] * y) + m[1, 2]);
    }

    public static double[,] Multiply3(double[,] a, double[,] b)
    {
        var r = new double[3, 3];
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                r[i, j] = (a[i, 0] * b[0, j]) + (a[i, 1] * b[1, j]) + (a[i, 2] * b[2, j]);
            }
        }
        return r;
    }

    public static double[,] To3x3(double[,] m)
        => m.GetLength(0) == 3 ? (double[,])m.Clone() : new[,] { { m[0, 0], m[0, 1], m[0, 2] }, { m[1, 0], m[1, 1], m[1, 2] }, { 0, 0, 1 } };

    public static double[,] Top2(double[,] m) => new[,] { { m[0, 0], m[0, 1], m[0, 2] }, { m[1, 0], m[1, 1], m[1, 2] } };

    public static double[][] ToJagged(double[,] m)
    {
        var r = new double[m.GetLength(0)][];
        for (var i = 0; i < r.Length; i++)
        {
            r[i] = new double[m.GetLength(1)];
            for (var j = 0; j < r[i].Length; j++)
            {
                r[i][j] = m[i, j];
            }
        }
        return r;
    }

    public static double[,] FromJagged(double[][] m)
    {
        var r = new double[m.Length, m[0].Length];
        for (var i = 0; i < m.Length; i++)
        {
            for (var j = 0; j < m[i].Length; j++)
            {
                r[i, j] = m[i][j];
            }
        }
        return r;
    }

    /// <summary>albumentations <c>bbox_rotate</c> (box corners or an inscribed ellipse turned about the image centre, in normalised space).</summary>
    public static NormalizedBox BoxRotate(NormalizedBox b, double angleDeg, string method, ImageShape s)
    {
        var scale = s.Width / (double)s.Height;
        double[] xs, ys;
        if (method == "ellipse")
        {
            var w = (b.XMax - b.XMin) / 2;
            var h = (b.YMax - b.YMin) / 2;
            xs = new double[360];
            ys = new double[360];
            for (var i = 0; i < 360; i++)
            {
                var r = (float)(i * Math.PI / 180.0);
                xs[i] = (w * MathF.Sin(r)) + (w + b.XMin - 0.5);
                ys[i] = (h * MathF.Cos(r)) + (h + b.YMin - 0.5);
            }
        }
        else
        {
            xs = [b.XMin - 0.5, b.XMax - 0.5, b.XMax - 0.5, b.XMin - 0.5];
            ys = [b.YMin - 0.5, b.YMin - 0.5, b.YMax - 0.5, b.YMax - 0.5];
        }
        var a = angleDeg * Math.PI / 180.0;
        double x1 = double.MaxValue, y1 = double.MaxValue, x2 = double.MinValue, y2 = double.MinValue;
        for (var i = 0; i < xs.Length; i++)
        {
            var xt = ((Math.Cos(a) * xs[i] * scale) + (Math.Sin(a) * ys[i])) / scale;
            var yt = (-Math.Sin(a) * xs[i] * scale) + (Math.Cos(a) * ys[i]);
            xt += 0.5;
            yt += 0.5;
            x1 = Math.Min(x1, xt);
            x2 = Math.Max(x2, xt);
            y1 = Math.Min(y1, yt);
            y2 = Math.Max(y2, yt);
        }
        return b with { XMin = x1, YMin = y1, XMax = x2, YMax = y2 };
    }

    /// <summary>albumentations <c>keypoint_rotate</c>: about ((W-1)/2, (H-1)/2).</summary>
    public static Keypoint KeypointRotate(Keypoint k, double angleDeg, ImageShape s)
    {
        var m = RotationMatrix((s.Width - 1) * 0.5, (s.Height - 1) * 0.5, angleDeg, 1.0);
        var (x, y) = Apply(m, k.X, k.Y);
        return k with { X = x, Y = y, Angle = k.Angle + (angleDeg * Math.PI / 180.0) };
    }

    /// <summary>albumentations <c>bbox_shift_scale_rotate</c>.</summary>
    public static NormalizedBox BoxShiftScaleRotate(NormalizedBox b, double angle, double scale, double dx, double dy, string method, ImageShape s)
    {
        double w = s.Width, h = s.Height;
        double[,] m;
        if (method == "ellipse")
        {
            b = BoxRotate(b, angle, method, s);
            m = RotationMatrix(w / 2, h / 2, 0, scale);
        }
        else
        {
            m = RotationMatrix(w / 2, h / 2, angle, scale);
        }
        m[0, 2] += dx * w;
        m[1, 2] += dy * h;
        double[] xs = [b.XMin, b.XMax, b.XMax, b.XMin];
        double[] ys = [b.YMin, b.YMin, b.YMax, b.YMax];
        double x1 = double.MaxValue, y1 = double.MaxValue, x2 = double.MinValue, y2 = double.MinValue;
        for (var i = 0; i < 4; i++)
        {
            var (tx, ty) = Apply(m, xs[i] * w, ys[i] * h);
            tx /= w;
            ty /= h;
            x1 = Math.Min(x1, tx);
            x2 = Math.Max(x2, tx);
            y1 = Math.Min(y1, ty);
            y2 = Math.Max(y2, ty);
        }
        return b with { XMin = x1, YMin = y1, XMax = x2, YMax = y2 };
    }

    /// <summary>albumentations <c>keypoint_shift_scale_rotate</c>.</summary>
    public static Keypoint KeypointShiftScaleRotate(Keypoint k, double angle, double scale, double dx, double dy, ImageShape s)
    {
        var m = RotationMatrix((s.Width - 1) * 0.5, (s.Height - 1) * 0.5, angle, scale);
        m[0, 2] += dx * s.Width;
        m[1, 2] += dy * s.Height;
        var (x, y) = Apply(m, k.X, k.Y);
        return k with { X = x, Y = y, Angle = k.Angle + (angle * Math.PI / 180.0), Scale = k.Scale * scale };
    }

    /// <summary>albumentations <c>keypoint_scale</c>.</summary>
    public static Keypoint KeypointScale(Keypoint k, double sx, double sy)
        => k with { X = k.X * sx, Y = k.Y * sy, Scale = k.Scale * Math.Max(sx, sy) };

    /// <summary>Box of the non-zero pixels of a mask, exclusive max (albumentations <c>bbox_from_mask</c>); (-1, …) when empty.</summary>
    public static (double X1, double Y1, double X2, double Y2) BoxFromMask(ReadOnlySpan<byte> mask, int height, int width)
    {
        int x1 = int.MaxValue, y1 = int.MaxValue, x2 = -1, y2 = -1;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                if (mask[(y * width) + x] != 0)
                {
                    x1 = Math.Min(x1, x);
                    x2 = Math.Max(x2, x);
                    y1 = Math.Min(y1, y);
                    y2 = Math.Max(y2, y);
                }
            }
        }
        return x2 < 0 ? (-1, -1, -1, -1) : (x1, y1, x2 + 1, y2 + 1);
    }
}
