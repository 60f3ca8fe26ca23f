using Tessera.Augment.Common;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Geometric;

/// <summary>Parameters of <see cref="SafeRotate"/>.</summary>
/// <param name="Matrix">2×3 affine matrix (rotation, padding shift, rescale to the input size).</param>
/// <param name="Angle">Degrees.</param>
/// <param name="ScaleX">Horizontal rescale factor.</param>
/// <param name="ScaleY">Vertical rescale factor.</param>
public sealed record SafeRotateParams(double[][] Matrix, double Angle, double ScaleX, double ScaleY);

/// <summary>Rotates without cutting corners: the rotated image is scaled to fit the input size (albumentations <c>SafeRotate</c>).</summary>
public sealed class SafeRotate : DualTransform<SafeRotateParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="limit">Angle range (degrees).</param>
    /// <param name="interpolation">Interpolation flag.</param>
    /// <param name="borderMode">Border mode.</param>
    /// <param name="value">Image fill.</param>
    /// <param name="maskValue">Mask fill.</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public SafeRotate(Limit? limit = null, Interpolation interpolation = Interpolation.Linear, BorderMode borderMode = BorderMode.Reflect101, double[]? value = null,
        double[]? maskValue = null, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        var limitRange = (limit ?? (-90, 90)).Symmetric();
        Limit = limitRange;
        Guard.That(Limit.Low <= Limit.High, nameof(limit), "must be [low, high]");
        Interpolation = CvFlags.CheckInterpolation(interpolation, nameof(interpolation));
        BorderMode = CvFlags.CheckBorder(borderMode, nameof(borderMode));
        Value = value;
        MaskValue = maskValue;
    }

    /// <inheritdoc />
    public override string Name => "SafeRotate";

    /// <summary>Angle range.</summary>
    public (double Low, double High) Limit { get; }

    /// <summary>Interpolation flag.</summary>
    public Interpolation Interpolation { get; }

    /// <summary>Border mode.</summary>
    public BorderMode BorderMode { get; }

    /// <summary>Image fill.</summary>
    public IReadOnlyList<double>? Value { get; }

    /// <summary>Mask fill.</summary>
    public IReadOnlyList<double>? MaskValue { get; }

    /// <inheritdoc />
    public override SafeRotateParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        var angle = random.Uniform(Limit.Low, Limit.High);
        int h = context.Shape.Height, w = context.Shape.Width;
        var m = GeometricKernels.RotationMatrix(w / 2.0, h / 2.0, angle, 1.0);
        var absCos = Math.Abs(m[0, 0]);
        var absSin = Math.Abs(m[0, 1]);
        var newW = Math.Ceiling((h * absSin) + (w * absCos));
        var newH = Math.Ceiling((h * absCos) + (w * absSin));
        var sx = w / newW;
        var sy = h / newH;
        m[0, 2] += (newW / 2) - (w / 2.0);
        m[1, 2] += (newH / 2) - (h / 2.0);
        var full = GeometricKernels.Multiply3(new double[,] { { sx, 0, 0 }, { 0, sy, 0 }, { 0, 0, 1 } }, GeometricKernels.To3x3(m));
        return new SafeRotateParams(GeometricKernels.ToJagged(GeometricKernels.Top2(full)), angle, sx, sy);
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, SafeRotateParams parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(parameters);
        return CvImage.WarpAffine(image, GeometricKernels.FromJagged(parameters.Matrix), image.Height, image.Width, Interpolation, BorderMode, Value?.ToArray());
    }

    /// <inheritdoc />
    public override Image ApplyToMask(Image mask, SafeRotateParams parameters)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(parameters);
        return CvImage.WarpAffine(mask, GeometricKernels.FromJagged(parameters.Matrix), mask.Height, mask.Width, 0, BorderMode, MaskValue?.ToArray());
    }

    /// <inheritdoc />
    public override NormalizedBox ApplyToBox(NormalizedBox box, SafeRotateParams parameters, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var m = GeometricKernels.FromJagged(parameters.Matrix);
        double w = shape.Width, h = shape.Height;
        double[] xs = [box.XMin * w, box.XMax * w, box.XMax * w, box.XMin * w];
        double[] ys = [box.YMin * h, box.YMin * h, box.YMax * h, box.YMax * h];
        double x1 = double.MaxValue, y1 = double.MaxValue, x2 = double.MinValue, y2 = double.MinValue;
        for (var i = 0; i < 4; i++)
        {
            var (x, y) = GeometricKernels.Apply(m, xs[i], ys[i]);
            x1 = Math.Min(x1, x);
            x2 = Math.Max(x2, x);
            y1 = Math.Min(y1, y);
            y2 = Math.Max(y2, y);
        }
        (x1, x2) = Fix(x1, x2, w);
        (y1, y2) = Fix(y1, y2, h);
        return box with { XMin = x1 / w, YMin = y1 / h, XMax = x2 / w, YMax = y2 / h };
    }

    /// <inheritdoc />
    public override Keypoint ApplyToKeypoint(Keypoint keypoint, SafeRotateParams parameters, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var (x, y) = GeometricKernels.Apply(GeometricKernels.FromJagged(parameters.Matrix), keypoint.X, keypoint.Y);
        return keypoint with
        {
            X = Math.Clamp(x, 0, shape.Width - 1),
            Y = Math.Clamp(y, 0, shape.Height - 1),
            Angle = keypoint.Angle + (parameters.Angle * Math.PI / 180.0),
            Scale = keypoint.Scale * Math.Max(parameters.ScaleX, parameters.ScaleY),
        };
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("limit", Limit);
        writer.Add("interpolation", Interpolation);
        writer.Add("border_mode", BorderMode);
        writer.AddFill("value", Value?.ToArray());
        writer.AddFill("mask_value", MaskValue?.ToArray());
    }

    private static (double, double) Fix(double p1, double p2, double max)
    {
        if (p1 < 0)
        {
            return (0, p2 + p1);
        }
        return p2 > max ? (p1 - (p2 - max), max) : (p1, p2);
    }
}
