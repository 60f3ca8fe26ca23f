using Tessera.Augment.Common;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Geometric;

/// <summary>
/// Parameters of <see cref="PiecewiseAffine"/>: a regular grid of control points over [0, W] × [0, H] and their
/// jittered positions (pixels, x then y, row-major over the grid); null <see cref="Destination"/> means no change.
/// </summary>
/// <param name="NbRows">Grid rows.</param>
/// <param name="NbCols">Grid columns.</param>
/// <param name="Destination">Jittered control points, <c>NbRows·NbCols</c> pairs [x, y], or null.</param>
public sealed record PiecewiseAffineParams(int NbRows, int NbCols, double[][]? Destination);

/// <summary>
/// Moves a grid of control points by N(0, scale) jitter and warps each triangle of the grid affinely
/// (albumentations <c>PiecewiseAffine</c>, after imgaug). The output pixel at a grid point samples the input at the
/// jittered point. Each grid cell is split along its top-left / bottom-right diagonal.
/// </summary>
public sealed class PiecewiseAffine : DualTransform<PiecewiseAffineParams>
{
    private static readonly string[] Modes = ["constant", "edge", "symmetric", "reflect", "wrap"];

    /// <summary>Creates the transform.</summary>
    /// <param name="scale">Range of the jitter deviation (fraction of the size, or pixels with <paramref name="absoluteScale"/>).</param>
    /// <param name="nbRows">Range of grid rows (≥ 2).</param>
    /// <param name="nbCols">Range of grid columns (≥ 2).</param>
    /// <param name="interpolation">skimage order: 0 nearest, 1 linear, 3 cubic.</param>
    /// <param name="maskInterpolation">Order for masks.</param>
    /// <param name="cval">Image fill.</param>
    /// <param name="cvalMask">Mask fill.</param>
    /// <param name="mode">skimage mode: constant, edge, symmetric, reflect, wrap.</param>
    /// <param name="absoluteScale">Scale is in pixels.</param>
    /// <param name="keypointsThreshold">Kept for serialization (albumentations' distance-map threshold).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public PiecewiseAffine(Limit? scale = null, IntLimit? nbRows = null, IntLimit? nbCols = null,
        int interpolation = 1, int maskInterpolation = 0, double cval = 0, double cvalMask = 0, string mode = "constant", bool absoluteScale = false,
        double keypointsThreshold = 0.01, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        var scaleRange = (scale ?? (0.03, 0.05)).Exact();
        var nbRowsRange = (nbRows ?? (4, 4)).Exact();
        var nbColsRange = (nbCols ?? (4, 4)).Exact();
        Scale = scaleRange;
        NbRows = nbRowsRange;
        NbCols = nbColsRange;
        Guard.That(Scale.Low >= 0 && Scale.Low <= Scale.High, nameof(scale), $"must be 0 ≤ low ≤ high (got {Scale})");
        Guard.That(NbRows.Low <= NbRows.High && NbCols.Low <= NbCols.High, nameof(nbRows), "ranges must be ordered");
        Guard.That(interpolation is >= 0 and <= 5 && maskInterpolation is >= 0 and <= 5, nameof(interpolation), "must be a skimage order 0–5");
        Guard.That(Modes.Contains(mode), nameof(mode), $"must be one of {string.Join(", ", Modes)} (got '{mode}')");
        Interpolation = interpolation;
        MaskInterpolation = maskInterpolation;
        Cval = cval;
        CvalMask = cvalMask;
        Mode = mode;
        AbsoluteScale = absoluteScale;
        KeypointsThreshold = keypointsThreshold;
    }

    /// <inheritdoc />
    public override string Name => "PiecewiseAffine";

    /// <summary>Jitter deviation range.</summary>
    public (double Low, double High) Scale { get; }

    /// <summary>Grid rows range.</summary>
    public (int Low, int High) NbRows { get; }

    /// <summary>Grid columns range.</summary>
    public (int Low, int High) NbCols { get; }

    /// <summary>Image interpolation order.</summary>
    public int Interpolation { get; }

    /// <summary>Mask interpolation order.</summary>
    public int MaskInterpolation { get; }

    /// <summary>Image fill.</summary>
    public double Cval { get; }

    /// <summary>Mask fill.</summary>
    public double CvalMask { get; }

    /// <summary>Border mode (skimage name).</summary>
    public string Mode { get; }

    /// <summary>Whether scale is in pixels.</summary>
    public bool AbsoluteScale { get; }

    /// <summary>Distance-map threshold (serialized only).</summary>
    public double KeypointsThreshold { get; }

    /// <inheritdoc />
    public override PiecewiseAffineParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        int h = context.Shape.Height, w = context.Shape.Width;
        var rows = Math.Max(2, random.NextInt(NbRows.Low, NbRows.High + 1));
        var cols = Math.Max(2, random.NextInt(NbCols.Low, NbCols.High + 1));
        var scale = random.Uniform(Scale.Low, Scale.High);
        var jitter = new double[rows * cols][];
        for (var i = 0; i < jitter.Length; i++)
        {
            jitter[i] = [random.NextGaussian() * scale, random.NextGaussian() * scale];
        }
        if (!jitter.Any(j => j[0] > 0 || j[1] > 0))
        {
            return new PiecewiseAffineParams(rows, cols, null);
        }
        var src = Grid(rows, cols, h, w);
        var dst = new double[src.Length][];
        for (var i = 0; i < src.Length; i++)
        {
            var jy = AbsoluteScale ? jitter[i][0] / h : jitter[i][0];
            var jx = AbsoluteScale ? jitter[i][1] / w : jitter[i][1];
            dst[i] = [Math.Clamp(src[i][0] + (jx * w), 0, w - 1), Math.Clamp(src[i][1] + (jy * h), 0, h - 1)];
        }
        return new PiecewiseAffineParams(rows, cols, dst);
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, PiecewiseAffineParams parameters) => Warp(image, parameters, Interpolation, Cval);

    /// <inheritdoc />
    public override Image ApplyToMask(Image mask, PiecewiseAffineParams parameters) => Warp(mask, parameters, MaskInterpolation, CvalMask);

    /// <inheritdoc />
    public override Keypoint ApplyToKeypoint(Keypoint keypoint, PiecewiseAffineParams parameters, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Destination is null)
        {
            return keypoint;
        }
        var (x, y) = Inverse(parameters, shape.Height, shape.Width, keypoint.X, keypoint.Y);
        return keypoint with { X = x, Y = y };
    }

    /// <inheritdoc />
    public override NormalizedBox ApplyToBox(NormalizedBox box, PiecewiseAffineParams parameters, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Destination is null)
        {
            return box;
        }
        double x1 = box.XMin * shape.Width, y1 = box.YMin * shape.Height, x2 = box.XMax * shape.Width, y2 = box.YMax * shape.Height;
        var pts = new[] { (x1, y1), (x2, y1), (x2, y2), (x1, y2) }
            .Select(c => Inverse(parameters, shape.Height, shape.Width, c.Item1, c.Item2))
            .Where(c => c.X >= 0 && c.X < shape.Width && c.Y >= 0 && c.Y < shape.Height).ToList();
        if (pts.Count == 0)
        {
            return box with { XMin = -1, YMin = -1, XMax = -1, YMax = -1 };
        }
        return box with
        {
            XMin = pts.Min(p => p.X) / shape.Width,
            YMin = pts.Min(p => p.Y) / shape.Height,
            XMax = pts.Max(p => p.X) / shape.Width,
            YMax = pts.Max(p => p.Y) / shape.Height,
        };
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("scale", Scale);
        writer.Add("nb_rows", NbRows);
        writer.Add("nb_cols", NbCols);
        writer.Add("interpolation", Interpolation);
        writer.Add("mask_interpolation", MaskInterpolation);
        writer.Add("cval", Cval);
        writer.Add("cval_mask", CvalMask);
        writer.Add("mode", Mode);
        writer.Add("absolute_scale", AbsoluteScale);
        writer.Add("keypoints_threshold", KeypointsThreshold);
    }

    private static double[][] Grid(int rows, int cols, int h, int w)
    {
        var g = new double[rows * cols][];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                g[(r * cols) + c] = [c * (double)w / (cols - 1), r * (double)h / (rows - 1)];
            }
        }
        return g;
    }

    /// <summary>The triangles of the grid as index triples (two per cell).</summary>
    private static IEnumerable<(int A, int B, int C)> Triangles(int rows, int cols)
    {
        for (var r = 0; r < rows - 1; r++)
        {
            for (var c = 0; c < cols - 1; c++)
            {
                int tl = (r * cols) + c, tr = tl + 1, bl = tl + cols, br = bl + 1;
                yield return (tl, tr, br);
                yield return (tl, br, bl);
            }
        }
    }

    /// <summary>Affine map sending triangle (p0, p1, p2) to (q0, q1, q2), as a 2×3 matrix; null when degenerate.</summary>
    private static double[,]? TriangleAffine(double[] p0, double[] p1, double[] p2, double[] q0, double[] q1, double[] q2)
    {
        double ax = p1[0] - p0[0], ay = p1[1] - p0[1], bx = p2[0] - p0[0], by = p2[1] - p0[1];
        var det = (ax * by) - (bx * ay);
        if (Math.Abs(det) < 1e-12)
        {
            return null;
        }
        double ia = by / det, ib = -bx / det, ic = -ay / det, id = ax / det;
        double ux = q1[0] - q0[0], uy = q1[1] - q0[1], vx = q2[0] - q0[0], vy = q2[1] - q0[1];
        var m00 = (ux * ia) + (vx * ic);
        var m01 = (ux * ib) + (vx * id);
        var m10 = (uy * ia) + (vy * ic);
        var m11 = (uy * ib) + (vy * id);
        return new[,] { { m00, m01, q0[0] - (m00 * p0[0]) - (m01 * p0[1]) }, { m10, m11, q0[1] - (m10 * p0[0]) - (m11 * p0[1]) } };
    }

    private static bool Inside(double x, double y, double[] a, double[] b, double[] c)
    {
        double Cross(double[] p, double[] q) => ((q[0] - p[0]) * (y - p[1])) - ((q[1] - p[1]) * (x - p[0]));
        var d1 = Cross(a, b);
        var d2 = Cross(b, c);
        var d3 = Cross(c, a);
        const double Eps = -1e-9;
        return (d1 >= Eps && d2 >= Eps && d3 >= Eps) || (d1 <= -Eps && d2 <= -Eps && d3 <= -Eps);
    }

    private static (double X, double Y) Inverse(PiecewiseAffineParams p, int h, int w, double x, double y)
    {
        var src = Grid(p.NbRows, p.NbCols, h, w);
        var dst = p.Destination!;
        foreach (var (a, b, c) in Triangles(p.NbRows, p.NbCols))
        {
            if (Inside(x, y, dst[a], dst[b], dst[c]) && TriangleAffine(dst[a], dst[b], dst[c], src[a], src[b], src[c]) is { } m)
            {
                return GeometricKernels.Apply(m, x, y);
            }
        }
        return (-1, -1);
    }

    private Image Warp(Image image, PiecewiseAffineParams p, int order, double fill)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(p);
        if (p.Destination is null)
        {
            return image.Clone();
        }
        int h = image.Height, w = image.Width;
        Guard.That(p.Destination.Length == p.NbRows * p.NbCols, "params", "destination must hold nb_rows·nb_cols points");
        var src = Grid(p.NbRows, p.NbCols, h, w);
        var mx = new float[h * w];
        var my = new float[h * w];
        Array.Fill(mx, -1);
        Array.Fill(my, -1);
        foreach (var (a, b, c) in Triangles(p.NbRows, p.NbCols))
        {
            var m = TriangleAffine(src[a], src[b], src[c], p.Destination[a], p.Destination[b], p.Destination[c]);
            if (m is null)
            {
                continue;
            }
            var y0 = Math.Max(0, (int)Math.Floor(Math.Min(src[a][1], Math.Min(src[b][1], src[c][1]))));
            var y1 = Math.Min(h - 1, (int)Math.Ceiling(Math.Max(src[a][1], Math.Max(src[b][1], src[c][1]))));
            var x0 = Math.Max(0, (int)Math.Floor(Math.Min(src[a][0], Math.Min(src[b][0], src[c][0]))));
            var x1 = Math.Min(w - 1, (int)Math.Ceiling(Math.Max(src[a][0], Math.Max(src[b][0], src[c][0]))));
            for (var y = y0; y <= y1; y++)
            {
                for (var x = x0; x <= x1; x++)
                {
                    var i = (y * w) + x;
                    if (mx[i] >= 0 || !Inside(x, y, src[a], src[b], src[c]))
                    {
                        continue;
                    }
                    var (sx, sy) = GeometricKernels.Apply(m, x, y);
                    mx[i] = (float)sx;
                    my[i] = (float)sy;
                }
            }
        }
        var flag = order == 0 ? Tessera.Augment.Interpolation.Nearest : order == 1 ? Tessera.Augment.Interpolation.Linear : Tessera.Augment.Interpolation.Cubic;
        var border = Mode switch
        {
            "constant" => BorderMode.Constant,
            "edge" => BorderMode.Replicate,
            "symmetric" => BorderMode.Reflect,
            "wrap" => BorderMode.Wrap,
            _ => BorderMode.Reflect101,
        };
        return CvImage.Remap(image, mx, my, h, w, flag, border, [fill, fill, fill, fill]);
    }
}
