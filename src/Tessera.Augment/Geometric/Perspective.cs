using OpenCvSharp;
using Tessera.Augment.Common;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Geometric;

/// <summary>Parameters of <see cref="Perspective"/>.</summary>
/// <param name="Matrix">3×3 perspective matrix (source to the warped image).</param>
/// <param name="MaxHeight">Rows of the warped image.</param>
/// <param name="MaxWidth">Columns of the warped image.</param>
public sealed record PerspectiveParams(double[][] Matrix, int MaxHeight, int MaxWidth);

/// <summary>
/// Random four-point perspective transform: corners jitter by |N(0, scale)| mod 0.32 of the size
/// (albumentations <c>Perspective</c>); with <see cref="KeepSize"/> the result is resized back to the input size.
/// </summary>
public sealed class Perspective : DualTransform<PerspectiveParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="scale">Range of the jitter's standard deviation (fractions of the size).</param>
    /// <param name="keepSize">Resize the result back to the input size.</param>
    /// <param name="padMode">Border mode.</param>
    /// <param name="padVal">Image fill.</param>
    /// <param name="maskPadVal">Mask fill.</param>
    /// <param name="fitOutput">Grow the output to hold the whole warped image.</param>
    /// <param name="interpolation">Interpolation flag.</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public Perspective(Limit? scale = null, bool keepSize = true, BorderMode padMode = BorderMode.Constant, double[]? padVal = null, double[]? maskPadVal = null,
        bool fitOutput = false, Interpolation interpolation = Interpolation.Linear, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        var scaleRange = (scale ?? (0.05, 0.1)).From(0);
        Scale = scaleRange;
        Guard.That(Scale.Low >= 0 && Scale.Low <= Scale.High, nameof(scale), $"must be 0 ≤ low ≤ high (got {Scale})");
        KeepSize = keepSize;
        PadMode = CvFlags.CheckBorder(padMode, nameof(padMode));
        PadVal = padVal ?? [0];
        MaskPadVal = maskPadVal ?? [0];
        FitOutput = fitOutput;
        Interpolation = CvFlags.CheckInterpolation(interpolation, nameof(interpolation));
    }

    /// <inheritdoc />
    public override string Name => "Perspective";

    /// <summary>Jitter deviation range.</summary>
    public (double Low, double High) Scale { get; }

    /// <summary>Whether the output keeps the input size.</summary>
    public bool KeepSize { get; }

    /// <summary>Border mode.</summary>
    public BorderMode PadMode { get; }

    /// <summary>Image fill.</summary>
    public IReadOnlyList<double> PadVal { get; }

    /// <summary>Mask fill.</summary>
    public IReadOnlyList<double> MaskPadVal { get; }

    /// <summary>Whether the output grows to hold the warped image.</summary>
    public bool FitOutput { get; }

    /// <summary>Interpolation flag.</summary>
    public Interpolation Interpolation { get; }

    /// <inheritdoc />
    public override PerspectiveParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        int h = context.Shape.Height, w = context.Shape.Width;
        var scale = random.Uniform(Scale.Low, Scale.High);
        var pts = new double[4][];
        for (var i = 0; i < 4; i++)
        {
            pts[i] = [Math.Abs(random.NextGaussian() * scale) % 0.32, Math.Abs(random.NextGaussian() * scale) % 0.32];
        }
        pts[1][0] = 1.0 - pts[1][0];
        pts[2][0] = 1.0 - pts[2][0];
        pts[2][1] = 1.0 - pts[2][1];
        pts[3][1] = 1.0 - pts[3][1];
        foreach (var pt in pts)
        {
            pt[0] = (float)(pt[0] * w);
            pt[1] = (float)(pt[1] * h);
        }
        var ordered = OrderPoints(pts);
        var (tl, tr, br, bl) = (ordered[0], ordered[1], ordered[2], ordered[3]);
        int maxW, minW, maxH, minH;
        while (true)
        {
            var top = Dist(tr, tl);
            var bottom = Dist(br, bl);
            maxW = (int)Math.Max(top, bottom);
            minW = (int)Math.Min(top, bottom);
            if (minW >= 2)
            {
                break;
            }
            var step = (2 - minW) / 2.0;
            tl[0] -= step;
            tr[0] += step;
            bl[0] -= step;
            br[0] += step;
        }
        while (true)
        {
            var right = Dist(tr, br);
            var left = Dist(tl, bl);
            maxH = (int)Math.Max(right, left);
            minH = (int)Math.Min(right, left);
            if (minH >= 2)
            {
                break;
            }
            var step = (2 - minH) / 2.0;
            tl[1] -= step;
            tr[1] -= step;
            bl[1] += step;
            br[1] += step;
        }
        var m = GetPerspective([tl, tr, br, bl], [[0, 0], [maxW, 0], [maxW, maxH], [0, maxH]]);
        if (FitOutput)
        {
            (m, maxW, maxH) = Expand(m, h, w);
        }
        return new PerspectiveParams(GeometricKernels.ToJagged(m), maxH, maxW);
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, PerspectiveParams parameters) => Warp(image, parameters, Interpolation, PadVal.ToArray());

    /// <inheritdoc />
    public override Image ApplyToMask(Image mask, PerspectiveParams parameters) => Warp(mask, parameters, 0, MaskPadVal.ToArray());

    /// <inheritdoc />
    public override NormalizedBox ApplyToBox(NormalizedBox box, PerspectiveParams parameters, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        double x1 = box.XMin * shape.Width, y1 = box.YMin * shape.Height, x2 = box.XMax * shape.Width, y2 = box.YMax * shape.Height;
        double nx1 = double.PositiveInfinity, ny1 = double.PositiveInfinity, nx2 = 0, ny2 = 0;
        foreach (var (x, y) in new[] { (x1, y1), (x2, y1), (x2, y2), (x1, y2) })
        {
            var k = ApplyToKeypoint(new Keypoint((float)x, (float)y, 0, 0), parameters, shape);
            nx1 = Math.Min(nx1, k.X);
            nx2 = Math.Max(nx2, k.X);
            ny1 = Math.Min(ny1, k.Y);
            ny2 = Math.Max(ny2, k.Y);
        }
        double oh = KeepSize ? shape.Height : parameters.MaxHeight, ow = KeepSize ? shape.Width : parameters.MaxWidth;
        return box with { XMin = nx1 / ow, YMin = ny1 / oh, XMax = nx2 / ow, YMax = ny2 / oh };
    }

    /// <inheritdoc />
    public override Keypoint ApplyToKeypoint(Keypoint keypoint, PerspectiveParams parameters, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var m = GeometricKernels.FromJagged(parameters.Matrix);
        var (x, y) = GeometricKernels.Apply(m, (float)keypoint.X, (float)keypoint.Y);
        x = (float)x;
        y = (float)y;
        var angle = keypoint.Angle + Math.Atan2(m[1, 0], m[0, 0]);
        var sx = Math.Sign(m[0, 0]) * Math.Sqrt((m[0, 0] * m[0, 0]) + (m[0, 1] * m[0, 1]));
        var sy = Math.Sign(m[1, 1]) * Math.Sqrt((m[1, 0] * m[1, 0]) + (m[1, 1] * m[1, 1]));
        var k = keypoint with { X = x, Y = y, Angle = angle, Scale = keypoint.Scale * Math.Max(sx, sy) };
        return KeepSize
            ? GeometricKernels.KeypointScale(k, shape.Width / (double)parameters.MaxWidth, shape.Height / (double)parameters.MaxHeight)
            : k;
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("scale", Scale);
        writer.Add("keep_size", KeepSize);
        writer.Add("pad_mode", PadMode);
        writer.AddFill("pad_val", PadVal.ToArray());
        writer.AddFill("mask_pad_val", MaskPadVal.ToArray());
        writer.Add("fit_output", FitOutput);
        writer.Add("interpolation", Interpolation);
    }

    private Image Warp(Image image, PerspectiveParams p, Interpolation interpolation, double[] fill)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(p);
        Guard.That(p.MaxHeight > 0 && p.MaxWidth > 0, "params", $"warped size {p.MaxHeight}×{p.MaxWidth} must be positive");
        var warped = CvImage.WarpPerspective(image, GeometricKernels.FromJagged(p.Matrix), p.MaxHeight, p.MaxWidth, interpolation, PadMode, fill);
        if (!KeepSize)
        {
            return warped;
        }
        using (warped)
        {
            return CvImage.Resize(warped, image.Height, image.Width, interpolation);
        }
    }

    private static double Dist(double[] a, double[] b) => Math.Sqrt(((a[0] - b[0]) * (a[0] - b[0])) + ((a[1] - b[1]) * (a[1] - b[1])));

    private static double[][] OrderPoints(double[][] pts)
    {
        var sorted = pts.OrderBy(p => p[0]).ToArray();
        var (left0, left1, right0, right1) = (sorted[0], sorted[1], sorted[2], sorted[3]);
        var (tl, bl) = left0[1] < left1[1] ? (left0, left1) : (left1, left0);
        var (tr, br) = right0[1] < right1[1] ? (right0, right1) : (right1, right0);
        return [(double[])tl.Clone(), (double[])tr.Clone(), (double[])br.Clone(), (double[])bl.Clone()];
    }

    private static double[,] GetPerspective(double[][] src, double[][] dst)
    {
        var s = src.Select(p => new Point2f((float)p[0], (float)p[1])).ToArray();
        var d = dst.Select(p => new Point2f((float)p[0], (float)p[1])).ToArray();
        using var m = Cv2.GetPerspectiveTransform(s, d);
        var r = new double[3, 3];
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                r[i, j] = m.At<double>(i, j);
            }
        }
        return r;
    }

    private static (double[,] Matrix, int Width, int Height) Expand(double[,] m, int h, int w)
    {
        double[][] rect = [[0, 0], [w, 0], [w, h], [0, h]];
        var dst = rect.Select(p =>
        {
            var (x, y) = GeometricKernels.Apply(m, p[0], p[1]);
            return new[] { (double)(float)x, (double)(float)y };
        }).ToArray();
        var minX = dst.Min(p => p[0]);
        var minY = dst.Min(p => p[1]);
        foreach (var p in dst)
        {
            p[0] = Math.Round((float)(p[0] - minX), MidpointRounding.ToEven);
            p[1] = Math.Round((float)(p[1] - minY), MidpointRounding.ToEven);
        }
        var expanded = GetPerspective(rect, dst);
        return (expanded, (int)dst.Max(p => p[0]), (int)dst.Max(p => p[1]));
    }
}
