using Tessera.Augment.Common;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Geometric;

/// <summary>Parameters of <see cref="OpticalDistortion"/>.</summary>
/// <param name="K">Radial distortion coefficient (k1 = k2).</param>
/// <param name="Dx">Horizontal shift of the distortion centre (pixels).</param>
/// <param name="Dy">Vertical shift of the distortion centre (pixels).</param>
public sealed record OpticalDistortionParams(double K, double Dx, double Dy);

/// <summary>Barrel / pincushion distortion through OpenCV's undistortion maps (albumentations <c>OpticalDistortion</c>).</summary>
public sealed class OpticalDistortion : DualTransform<OpticalDistortionParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="distortLimit">Range of k.</param>
    /// <param name="shiftLimit">Range of the centre shift (rounded to whole pixels, as 1.3.1 does).</param>
    /// <param name="interpolation">Interpolation flag.</param>
    /// <param name="borderMode">Border mode.</param>
    /// <param name="value">Image fill.</param>
    /// <param name="maskValue">Mask fill.</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public OpticalDistortion(Limit? distortLimit = null, Limit? shiftLimit = null, Interpolation interpolation = Interpolation.Linear,
        BorderMode borderMode = BorderMode.Reflect101, double[]? value = null, double[]? maskValue = null, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        var distortLimitRange = (distortLimit ?? (-0.05, 0.05)).Symmetric();
        var shiftLimitRange = (shiftLimit ?? (-0.05, 0.05)).Symmetric();
        DistortLimit = distortLimitRange;
        ShiftLimit = shiftLimitRange;
        Interpolation = CvFlags.CheckInterpolation(interpolation, nameof(interpolation));
        BorderMode = CvFlags.CheckBorder(borderMode, nameof(borderMode));
        Value = value;
        MaskValue = maskValue;
    }

    /// <inheritdoc />
    public override bool SupportsKeypoints => false;

    /// <inheritdoc />
    public override string Name => "OpticalDistortion";

    /// <summary>Range of k.</summary>
    public (double Low, double High) DistortLimit { get; }

    /// <summary>Range of the centre shift.</summary>
    public (double Low, double High) ShiftLimit { get; }

    /// <summary>Interpolation flag.</summary>
    public Interpolation Interpolation { get; }

    /// <summary>Border mode.</summary>
    public BorderMode BorderMode { get; }

    /// <summary>Image fill.</summary>
    public IReadOnlyList<double>? Value { get; }

    /// <summary>Mask fill.</summary>
    public IReadOnlyList<double>? MaskValue { get; }

    /// <inheritdoc />
    public override OpticalDistortionParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return new OpticalDistortionParams(random.Uniform(DistortLimit.Low, DistortLimit.High),
            Math.Round(random.Uniform(ShiftLimit.Low, ShiftLimit.High), MidpointRounding.ToEven),
            Math.Round(random.Uniform(ShiftLimit.Low, ShiftLimit.High), MidpointRounding.ToEven));
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, OpticalDistortionParams parameters) => Warp(image, parameters, Interpolation, Value?.ToArray());

    /// <inheritdoc />
    public override Image ApplyToMask(Image mask, OpticalDistortionParams parameters) => Warp(mask, parameters, 0, MaskValue?.ToArray());

    /// <inheritdoc />
    public override NormalizedBox ApplyToBox(NormalizedBox box, OpticalDistortionParams parameters, ImageShape shape)
        => DistortionKernels.BoxThroughMask(box, shape, m => Warp(m, parameters, 0, MaskValue?.ToArray()));

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("distort_limit", DistortLimit);
        writer.Add("shift_limit", ShiftLimit);
        writer.Add("interpolation", Interpolation);
        writer.Add("border_mode", BorderMode);
        writer.AddFill("value", Value?.ToArray());
        writer.AddFill("mask_value", MaskValue?.ToArray());
    }

    private Image Warp(Image image, OpticalDistortionParams p, Interpolation interpolation, double[]? fill)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(p);
        var maps = DistortionKernels.OpticalMaps(image.Height, image.Width, p.K, p.Dx, p.Dy);
        return DistortionKernels.Remap(image, maps, interpolation, BorderMode, fill);
    }
}
