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
    /// <summary>Creates the transform; the arguments mean what albumentations 1.3.1's mean.</summary>
    /// <param name="shiftLimit">Shift range as a fraction of the side, both axes (<c>shift_limit</c>); a number x means (−x, x) (default 0.0625).</param>
    /// <param name="scaleLimit">Scale range as albumentations' <c>scale_limit</c>: the factor is 1 + value, so (−0.1, 0.1) draws factors in
    /// (0.9, 1.1); a number x means (−x, x) (default 0.1).</param>
    /// <param name="rotateLimit">Angle range in degrees (<c>rotate_limit</c>); a number x means (−x, x) (default 45).</param>
    /// <param name="interpolation">Image interpolation (<c>interpolation</c>, default linear).</param>
    /// <param name="borderMode">Border mode (<c>border_mode</c>, default reflect-101).</param>
    /// <param name="value">Image border fill.</param>
    /// <param name="maskValue">Mask border fill.</param>
    /// <param name="shiftLimitX">Horizontal shift range; replaces <paramref name="shiftLimit"/> for x when given (<c>shift_limit_x</c>).</param>
    /// <param name="shiftLimitY">Vertical shift range; replaces <paramref name="shiftLimit"/> for y when given (<c>shift_limit_y</c>).</param>
    /// <param name="rotateMethod"><c>largest_box</c> or <c>ellipse</c>.</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    /// <exception cref="TesseraArgumentException">An argument is invalid.</exception>
    public ShiftScaleRotate(Limit? shiftLimit = null, Limit? scaleLimit = null, Limit? rotateLimit = null, Interpolation interpolation = Interpolation.Linear,
        BorderMode borderMode = BorderMode.Reflect101, double[]? value = null, double[]? maskValue = null, Limit? shiftLimitX = null, Limit? shiftLimitY = null,
        string rotateMethod = "largest_box", double p = 0.5, bool alwaysApply = false)
        : base(p, alwaysApply)
    {
        var shift = shiftLimit ?? 0.0625;
        ShiftLimitX = (shiftLimitX ?? shift).Finite(nameof(shiftLimitX)).Symmetric();
        ShiftLimitY = (shiftLimitY ?? shift).Finite(nameof(shiftLimitY)).Symmetric();
        ScaleLimit = (scaleLimit ?? 0.1).Finite(nameof(scaleLimit)).Symmetric(bias: 1);
        RotateLimit = (rotateLimit ?? 45).Finite(nameof(rotateLimit)).Symmetric();
        Guard.That(ScaleLimit.Low > 0 && ScaleLimit.High > 0, nameof(scaleLimit),
            $"1 + scale_limit must be a positive factor (got scale_limit {scaleLimit ?? 0.1}, factors ({ScaleLimit.Low}, {ScaleLimit.High})); pass e.g. (-0.1, 0.1), not factors");
        Interpolation = CvFlags.CheckInterpolation(interpolation, nameof(interpolation));
        BorderMode = CvFlags.CheckBorder(borderMode, nameof(borderMode));
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

    /// <summary>Scale factor range: 1 + <c>scale_limit</c> (so (0.9, 1.1) for <c>scale_limit</c> 0.1).</summary>
    public (double Low, double High) ScaleLimit { get; }

    /// <summary>Angle range (degrees).</summary>
    public (double Low, double High) RotateLimit { get; }

    /// <summary>Interpolation flag.</summary>
    public Interpolation Interpolation { get; }

    /// <summary>Border mode.</summary>
    public BorderMode BorderMode { get; }

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

    private Image Warp(Image image, ShiftScaleRotateParams p, Interpolation interpolation, double[]? fill)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(p);
        var m = GeometricKernels.RotationMatrix((image.Width / 2.0) - 0.5, (image.Height / 2.0) - 0.5, p.Angle, p.Scale);
        m[0, 2] += p.Dx * image.Width;
        m[1, 2] += p.Dy * image.Height;
        return CvImage.WarpAffine(image, m, image.Height, image.Width, interpolation, BorderMode, fill);
    }
}
