using Tessera.Augment.Common;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Geometric;

/// <summary>Parameters of <see cref="ShiftScaleRotate"/>.</summary>
/// <param name="Angle">Degrees.</param>
/// <param name="Scale">Scale factor.</param>
/// <param name="Dx">Shift as a fraction of the width.</param>
/// <param name="Dy">Shift as a fraction of the height.</param>
public sealed record ShiftScaleRotateParams(double Angle, double Scale, double Dx, double Dy);

/// <summary>Random affine shift, scale and rotation (albumentations <c>ShiftScaleRotate</c>).</summary>
public sealed class ShiftScaleRotate : DualTransform<ShiftScaleRotateParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="shiftLimitX">Horizontal shift range (fraction of width).</param>
    /// <param name="shiftLimitY">Vertical shift range (fraction of height).</param>
    /// <param name="scaleLimit">Scale range as factors (1 + albumentations' <c>scale_limit</c>).</param>
    /// <param name="rotateLimit">Angle range in degrees.</param>
    /// <param name="interpolation">OpenCV interpolation flag.</param>
    /// <param name="borderMode">OpenCV border mode.</param>
    /// <param name="value">Image border fill.</param>
    /// <param name="maskValue">Mask border fill.</param>
    /// <param name="rotateMethod"><c>largest_box</c> or <c>ellipse</c>.</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    /// <exception cref="TesseraArgumentException">An argument is invalid.</exception>
    public ShiftScaleRotate((double Low, double High)? shiftLimitX = null, (double Low, double High)? shiftLimitY = null,
        (double Low, double High)? scaleLimit = null, (double Low, double High)? rotateLimit = null, int interpolation = 1, int borderMode = 4,
        double[]? value = null, double[]? maskValue = null, string rotateMethod = "largest_box", double p = 0.5, bool alwaysApply = false)
        : base(p, alwaysApply)
    {
        ShiftLimitX = shiftLimitX ?? (-0.0625, 0.0625);
        ShiftLimitY = shiftLimitY ?? (-0.0625, 0.0625);
        ScaleLimit = scaleLimit ?? (0.9, 1.1);
        RotateLimit = rotateLimit ?? (-45, 45);
        Guard.That(ScaleLimit.Low > 0, nameof(scaleLimit), $"scale factors must be positive (got {ScaleLimit.Low})");
        Interpolation = CvFlags.Interpolation(interpolation, nameof(interpolation));
        BorderMode = CvFlags.Border(borderMode, nameof(borderMode));
        Guard.That(rotateMethod is "largest_box" or "ellipse", nameof(rotateMethod), $"must be 'largest_box' or 'ellipse' (got '{rotateMethod}')");
        Value = value;
        MaskValue = maskValue;
        RotateMethod = rotateMethod;
    }

    /// <inheritdoc />
    public override string Name => "ShiftScaleRotate";

    /// <summary>Horizontal shift range.</summary>
    public (double Low, double High) ShiftLimitX { get; }

    /// <summary>Vertical shift range.</summary>
    public (double Low, double High) ShiftLimitY { get; }

    /// <summary>Scale factor range.</summary>
    public (double Low, double High) ScaleLimit { get; }

    /// <summary>Angle range (degrees).</summary>
    public (double Low, double High) RotateLimit { get; }

    /// <summary>Interpolation flag.</summary>
    public int Interpolation { get; }

    /// <summary>Border mode.</summary>
    public int BorderMode { get; }

    /// <summary>Image border fill.</summary>
    public IReadOnlyList<double>? Value { get; }

    /// <summary>Mask border fill.</summary>
    public IReadOnlyList<double>? MaskValue { get; }

    /// <summary>Box rotation method.</summary>
    public string RotateMethod { get; }

    /// <inheritdoc />
    public override ShiftScaleRotateParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return new ShiftScaleRotateParams(random.Uniform(RotateLimit.Low, RotateLimit.High), random.Uniform(ScaleLimit.Low, ScaleLimit.High),
            random.Uniform(ShiftLimitX.Low, ShiftLimitX.High), random.Uniform(ShiftLimitY.Low, ShiftLimitY.High));
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, ShiftScaleRotateParams parameters) => Warp(image, parameters, Interpolation, Value?.ToArray());

    /// <inheritdoc />
    public override Image ApplyToMask(Image mask, ShiftScaleRotateParams parameters) => Warp(mask, parameters, 0, MaskValue?.ToArray());

    /// <inheritdoc />
    public override NormalizedBox ApplyToBox(NormalizedBox box, ShiftScaleRotateParams parameters, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return GeometricKernels.BoxShiftScaleRotate(box, parameters.Angle, parameters.Scale, parameters.Dx, parameters.Dy, RotateMethod, shape);
    }

    /// <inheritdoc />
    public override Keypoint ApplyToKeypoint(Keypoint keypoint, ShiftScaleRotateParams parameters, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return GeometricKernels.KeypointShiftScaleRotate(keypoint, parameters.Angle, parameters.Scale, parameters.Dx, parameters.Dy, shape);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("shift_limit_x", ShiftLimitX);
        writer.Add("shift_limit_y", ShiftLimitY);
        writer.Add("scale_limit", (ScaleLimit.Low - 1, ScaleLimit.High - 1));
        writer.Add("rotate_limit", RotateLimit);
        writer.Add("interpolation", Interpolation);
        writer.Add("border_mode", BorderMode);
        writer.AddFill("value", Value?.ToArray());
        writer.AddFill("mask_value", MaskValue?.ToArray());
        writer.Add("rotate_method", RotateMethod);
    }

    private Image Warp(Image image, ShiftScaleRotateParams p, int interpolation, double[]? fill)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(p);
        var m = GeometricKernels.RotationMatrix((image.Width / 2.0) - 0.5, (image.Height / 2.0) - 0.5, p.Angle, p.Scale);
        m[0, 2] += p.Dx * image.Width;
        m[1, 2] += p.Dy * image.Height;
        return CvImage.WarpAffine(image, m, image.Height, image.Width, interpolation, BorderMode, fill);
    }
}
