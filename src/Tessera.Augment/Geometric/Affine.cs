using System.Text.Json.Nodes;
using Tessera.Augment.Common;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Geometric;

/// <summary>Parameters of <see cref="Affine"/> (serialized as 1.3.1 records them: <c>rotate</c>, <c>scale {x, y}</c>, <c>matrix</c>, <c>output_shape</c>).</summary>
/// <param name="Rotate">Rotation in degrees (sign as albumentations stores it).</param>
/// <param name="ScaleX">Horizontal scale.</param>
/// <param name="ScaleY">Vertical scale.</param>
/// <param name="Matrix">3×3 forward matrix, source to destination pixels.</param>
/// <param name="OutputHeight">Output rows.</param>
/// <param name="OutputWidth">Output columns.</param>
public sealed record AffineParams(double Rotate, double ScaleX, double ScaleY, double[][] Matrix, int OutputHeight, int OutputWidth);

/// <summary>A range per axis (albumentations' <c>{"x": [lo, hi], "y": [lo, hi]}</c> arguments).</summary>
/// <param name="X">Range for x.</param>
/// <param name="Y">Range for y.</param>
public sealed record AxisRanges((double Low, double High) X, (double Low, double High) Y)
{
    /// <summary>albumentations' shorthand for a number: the fixed value <c>(x, x)</c> on both axes.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator AxisRanges(double value) => new((value, value), (value, value));

    /// <summary>albumentations' shorthand for a pair: the same range on both axes.</summary>
    /// <param name="range">The range.</param>
    public static implicit operator AxisRanges((double Low, double High) range) => new(range, range);

    /// <summary>The fixed value <paramref name="value"/> on both axes.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The ranges.</returns>
    public static AxisRanges FromDouble(double value) => value;

    /// <summary>The same range on both axes.</summary>
    /// <param name="range">The range.</param>
    /// <returns>The ranges.</returns>
    public static AxisRanges FromValueTuple((double Low, double High) range) => range;
}

/// <summary>
/// Affine transform from scale, translation, rotation and shear (albumentations <c>Affine</c>, the imgaug-style
/// one): the matrix is composed about the image centre, optionally expanded to fit the whole output.
/// </summary>
public sealed class Affine : DualTransform<AffineParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="scale">Scale ranges (default 1).</param>
    /// <param name="translatePercent">Translation ranges as fractions of the size (exclusive with <paramref name="translatePx"/>).</param>
    /// <param name="translatePx">Translation ranges in pixels (integers drawn inclusively).</param>
    /// <param name="rotate">Rotation range in degrees.</param>
    /// <param name="shear">Shear ranges in degrees.</param>
    /// <param name="interpolation">Image interpolation flag.</param>
    /// <param name="maskInterpolation">Mask interpolation flag.</param>
    /// <param name="cval">Image fill for constant borders.</param>
    /// <param name="cvalMask">Mask fill.</param>
    /// <param name="mode">OpenCV border mode.</param>
    /// <param name="fitOutput">Enlarge the output to hold the whole transformed image.</param>
    /// <param name="keepRatio">Use the x scale for y too.</param>
    /// <param name="rotateMethod"><c>largest_box</c> or <c>ellipse</c>.</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public Affine(AxisRanges? scale = null, AxisRanges? translatePercent = null, AxisRanges? translatePx = null, Limit? rotate = null,
        AxisRanges? shear = null, Interpolation interpolation = Interpolation.Linear, Interpolation maskInterpolation = Interpolation.Nearest, double[]? cval = null, double[]? cvalMask = null, BorderMode mode = BorderMode.Constant,
        bool fitOutput = false, bool keepRatio = false, string rotateMethod = "largest_box", double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        var rotateRange = (rotate ?? (0, 0)).Exact();
        Guard.That(translatePercent is null || translatePx is null, nameof(translatePercent), "only one of translate_percent and translate_px may be set");
        Guard.That(rotateMethod is "largest_box" or "ellipse", nameof(rotateMethod), $"must be 'largest_box' or 'ellipse' (got '{rotateMethod}')");
        Scale = scale ?? new AxisRanges((1, 1), (1, 1));
        TranslatePercent = translatePercent;
        TranslatePx = translatePercent is null ? translatePx ?? new AxisRanges((0, 0), (0, 0)) : null;
        RotateRange = rotateRange;
        Shear = shear ?? new AxisRanges((0, 0), (0, 0));
        Interpolation = CvFlags.CheckInterpolation(interpolation, nameof(interpolation));
        MaskInterpolation = CvFlags.CheckInterpolation(maskInterpolation, nameof(maskInterpolation));
        Cval = cval ?? [0];
        CvalMask = cvalMask ?? [0];
        Mode = CvFlags.CheckBorder(mode, nameof(mode));
        FitOutput = fitOutput;
        KeepRatio = keepRatio;
        RotateMethod = rotateMethod;
    }

    /// <inheritdoc />
    public override string Name => "Affine";

    /// <summary>Scale ranges.</summary>
    public AxisRanges Scale { get; }

    /// <summary>Relative translation ranges, or null.</summary>
    public AxisRanges? TranslatePercent { get; }

    /// <summary>Pixel translation ranges, or null.</summary>
    public AxisRanges? TranslatePx { get; }

    /// <summary>Rotation range (degrees).</summary>
    public (double Low, double High) RotateRange { get; }

    /// <summary>Shear ranges (degrees).</summary>
    public AxisRanges Shear { get; }

    /// <summary>Image interpolation.</summary>
    public Interpolation Interpolation { get; }

    /// <summary>Mask interpolation.</summary>
    public Interpolation MaskInterpolation { get; }

    /// <summary>Image fill.</summary>
    public IReadOnlyList<double> Cval { get; }

    /// <summary>Mask fill.</summary>
    public IReadOnlyList<double> CvalMask { get; }

    /// <summary>Border mode.</summary>
    public BorderMode Mode { get; }

    /// <summary>Whether the output grows to hold the whole image.</summary>
    public bool FitOutput { get; }

    /// <summary>Whether y scale follows x scale.</summary>
    public bool KeepRatio { get; }

    /// <summary>Box transform method.</summary>
    public string RotateMethod { get; }

    /// <inheritdoc />
    public override AffineParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        int h = context.Shape.Height, w = context.Shape.Width;
        double tx, ty;
        if (TranslatePx is { } px)
        {
            tx = random.NextInt((int)px.X.Low, (int)px.X.High + 1);
            ty = random.NextInt((int)px.Y.Low, (int)px.Y.High + 1);
        }
        else
        {
            var pc = TranslatePercent!;
            tx = random.Uniform(pc.X.Low, pc.X.High) * w;
            ty = random.Uniform(pc.Y.Low, pc.Y.High) * h;
        }
        var shearX = -random.Uniform(Shear.X.Low, Shear.X.High);
        var shearY = -random.Uniform(Shear.Y.Low, Shear.Y.High);
        var sx = random.Uniform(Scale.X.Low, Scale.X.High);
        var sy = random.Uniform(Scale.Y.Low, Scale.Y.High);
        if (KeepRatio)
        {
            sy = sx;
        }
        var rotate = -random.Uniform(RotateRange.Low, RotateRange.High);
        var m = BuildMatrix(w, h, sx, sy, tx, ty, rotate, shearX, shearY);
        int oh = h, ow = w;
        if (FitOutput)
        {
            (m, oh, ow) = FitToOutput(m, h, w);
        }
        return new AffineParams(rotate, sx, sy, GeometricKernels.ToJagged(m), oh, ow);
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, AffineParams parameters) => Warp(image, parameters, Interpolation, Cval.ToArray());

    /// <inheritdoc />
    public override Image ApplyToMask(Image mask, AffineParams parameters) => Warp(mask, parameters, MaskInterpolation, CvalMask.ToArray());

    /// <inheritdoc />
    public override NormalizedBox ApplyToBox(NormalizedBox box, AffineParams parameters, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var m = GeometricKernels.FromJagged(parameters.Matrix);
        if (IsIdentity(m))
        {
            return box;
        }
        double x1 = box.XMin * shape.Width, y1 = box.YMin * shape.Height, x2 = box.XMax * shape.Width, y2 = box.YMax * shape.Height;
        var pts = new List<(double X, double Y)>();
        if (RotateMethod == "ellipse")
        {
            double bw = (x2 - x1) / 2, bh = (y2 - y1) / 2;
            for (var i = 0; i < 360; i++)
            {
                var r = (float)(i * Math.PI / 180.0);
                pts.Add(((bw * MathF.Sin(r)) + (bw + x1 - 0.5), (bh * MathF.Cos(r)) + (bh + y1 - 0.5)));
            }
        }
        else
        {
            pts.AddRange([(x1, y1), (x2, y1), (x2, y2), (x1, y2)]);
        }
        double nx1 = double.MaxValue, ny1 = double.MaxValue, nx2 = double.MinValue, ny2 = double.MinValue;
        foreach (var (x, y) in pts)
        {
            var (tx, ty) = GeometricKernels.Apply(m, x, y);
            nx1 = Math.Min(nx1, tx);
            nx2 = Math.Max(nx2, tx);
            ny1 = Math.Min(ny1, ty);
            ny2 = Math.Max(ny2, ty);
        }
        return box with { XMin = nx1 / parameters.OutputWidth, YMin = ny1 / parameters.OutputHeight, XMax = nx2 / parameters.OutputWidth, YMax = ny2 / parameters.OutputHeight };
    }

    /// <inheritdoc />
    public override Keypoint ApplyToKeypoint(Keypoint keypoint, AffineParams parameters, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var m = GeometricKernels.FromJagged(parameters.Matrix);
        if (IsIdentity(m))
        {
            return keypoint;
        }
        var (x, y) = GeometricKernels.Apply(GeometricKernels.Top2(m), keypoint.X, keypoint.Y);
        return keypoint with
        {
            X = x,
            Y = y,
            Angle = keypoint.Angle + Math.Atan2(-m[1, 0], m[0, 0]),
            Scale = keypoint.Scale * Math.Max(parameters.ScaleX, parameters.ScaleY),
        };
    }

    internal override AffineParams ReadParams(JsonObject node, ParamsContext context)
    {
        var scale = node["scale"] as JsonObject;
        var mNode = node["matrix"];
        if (mNode is JsonObject mo)
        {
            mNode = mo["matrix"];
        }
        Guard.That(mNode is JsonArray, "Affine.params.matrix", "must be a 3×3 matrix");
        var matrix = ((JsonArray)mNode!).Select(r => ((JsonArray)r!).Select(v => v!.GetValue<double>()).ToArray()).ToArray();
        Guard.That(matrix.Length == 3 && matrix.All(r => r.Length == 3), "Affine.params.matrix", "must be 3×3");
        var shape = (node["output_shape"] as JsonArray)?.Select(v => (int)v!.GetValue<double>()).ToArray() ?? [0, 0];
        return new AffineParams(node["rotate"]?.GetValue<double>() ?? 0, scale?["x"]?.GetValue<double>() ?? 1, scale?["y"]?.GetValue<double>() ?? 1,
            matrix, shape[0], shape[1]);
    }

    internal override JsonNode WriteParams(AffineParams parameters) => new JsonObject
    {
        ["rotate"] = parameters.Rotate,
        ["scale"] = new JsonObject { ["x"] = parameters.ScaleX, ["y"] = parameters.ScaleY },
        ["matrix"] = new JsonObject
        {
            ["__skimage_transform__"] = "ProjectiveTransform",
            ["matrix"] = new JsonArray(parameters.Matrix.Select(r => (JsonNode?)new JsonArray(r.Select(v => (JsonNode?)v).ToArray())).ToArray()),
        },
        ["output_shape"] = new JsonArray(parameters.OutputHeight, parameters.OutputWidth),
    };

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("interpolation", Interpolation);
        writer.Add("mask_interpolation", MaskInterpolation);
        writer.AddFill("cval", Cval.ToArray());
        writer.Add("mode", Mode);
        writer.AddNode("scale", Axis(Scale));
        writer.AddNode("translate_percent", TranslatePercent is null ? null : Axis(TranslatePercent));
        writer.AddNode("translate_px", TranslatePx is null ? null : Axis(TranslatePx));
        writer.Add("rotate", RotateRange);
        writer.Add("fit_output", FitOutput);
        writer.AddNode("shear", Axis(Shear));
        writer.AddFill("cval_mask", CvalMask.ToArray());
        writer.Add("keep_ratio", KeepRatio);
        writer.Add("rotate_method", RotateMethod);
    }

    /// <summary>The 1.3.1 composition: to top-left, shear-y (via ±90° rotations), scale/translate/rotate/shear-x, back to centre.</summary>
    internal static double[,] BuildMatrix(int w, int h, double sx, double sy, double tx, double ty, double rotateDeg, double shearXDeg, double shearYDeg)
    {
        double shiftX = (w / 2.0) - 0.5, shiftY = (h / 2.0) - 0.5;
        var toTopLeft = Translation(-shiftX, -shiftY);
        var rotNeg = SkAffine(1, 1, -Math.PI / 2, 0, 0, 0);
        var shearY = SkAffine(1, 1, 0, shearYDeg * Math.PI / 180.0, 0, 0);
        var rotPos = SkAffine(1, 1, Math.PI / 2, 0, 0, 0);
        var main = SkAffine(sx, sy, rotateDeg * Math.PI / 180.0, shearXDeg * Math.PI / 180.0, tx, ty);
        var toCenter = Translation(shiftX, shiftY);
        var m = toTopLeft;
        foreach (var next in new[] { rotNeg, shearY, rotPos, main, toCenter })
        {
            m = GeometricKernels.Multiply3(next, m);
        }
        return m;
    }

    /// <summary>skimage 0.19 <c>AffineTransform(scale, rotation, shear, translation)</c>.</summary>
    private static double[,] SkAffine(double sx, double sy, double rot, double shear, double tx, double ty) => new[,]
    {
        { sx * Math.Cos(rot), -sy * Math.Sin(rot + shear), tx },
        { sx * Math.Sin(rot), sy * Math.Cos(rot + shear), ty },
        { 0, 0, 1 },
    };

    private static double[,] Translation(double tx, double ty) => new double[,] { { 1, 0, tx }, { 0, 1, ty }, { 0, 0, 1 } };

    private static (double[,] Matrix, int Height, int Width) FitToOutput(double[,] m, int h, int w)
    {
        (double X, double Y)[] corners = [(0, 0), (0, h - 1), (w - 1, h - 1), (w - 1, 0)];
        double minc = double.MaxValue, minr = double.MaxValue, maxc = double.MinValue, maxr = double.MinValue;
        foreach (var (x, y) in corners)
        {
            var (tx, ty) = GeometricKernels.Apply(m, x, y);
            minc = Math.Min(minc, tx);
            maxc = Math.Max(maxc, tx);
            minr = Math.Min(minr, ty);
            maxr = Math.Max(maxr, ty);
        }
        var oh = (int)Math.Ceiling(maxr - minr + 1);
        var ow = (int)Math.Ceiling(maxc - minc + 1);
        return (GeometricKernels.Multiply3(Translation(-minc, -minr), m), oh, ow);
    }

    private static bool IsIdentity(double[,] m)
    {
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                if (Math.Abs(m[i, j] - (i == j ? 1 : 0)) > 1e-8)
                {
                    return false;
                }
            }
        }
        return true;
    }

    private static JsonObject Axis(AxisRanges r) => new() { ["x"] = new JsonArray(r.X.Low, r.X.High), ["y"] = new JsonArray(r.Y.Low, r.Y.High) };

    private Image Warp(Image image, AffineParams p, Interpolation interpolation, double[] fill)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(p);
        var m = GeometricKernels.FromJagged(p.Matrix);
        if (IsIdentity(m))
        {
            return image.Clone();
        }
        return CvImage.WarpAffine(image, GeometricKernels.Top2(m), p.OutputHeight, p.OutputWidth, interpolation, Mode, fill);
    }
}
