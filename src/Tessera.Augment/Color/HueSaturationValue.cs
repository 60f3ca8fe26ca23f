using Tessera.Augment.Pipeline;
using Tessera.Augment.Pixel;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Color;

/// <summary>Parameters of <see cref="HueSaturationValue"/> (the keys of albumentations 1.3.1's replay params).</summary>
/// <param name="HueShift">Hue shift (OpenCV 8-bit hue units for uint8, degrees for float32).</param>
/// <param name="SatShift">Saturation shift.</param>
/// <param name="ValShift">Value shift.</param>
public sealed record HueSaturationValueParams(double HueShift, double SatShift, double ValShift);

/// <summary>Shifts hue, saturation and value in HSV space (albumentations <c>HueSaturationValue</c>).</summary>
public sealed class HueSaturationValue : ImageOnlyTransform<HueSaturationValueParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="hueShiftLimit">Hue shift range (<c>hue_shift_limit</c>, default ±20).</param>
    /// <param name="satShiftLimit">Saturation shift range (<c>sat_shift_limit</c>, default ±30).</param>
    /// <param name="valShiftLimit">Value shift range (<c>val_shift_limit</c>, default ±20).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public HueSaturationValue(Limit? hueShiftLimit = null, Limit? satShiftLimit = null, Limit? valShiftLimit = null, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        var hueShiftLimitRange = (hueShiftLimit ?? (-20, 20)).Symmetric();
        var satShiftLimitRange = (satShiftLimit ?? (-30, 30)).Symmetric();
        var valShiftLimitRange = (valShiftLimit ?? (-20, 20)).Symmetric();
        HueShiftLimit = hueShiftLimitRange;
        SatShiftLimit = satShiftLimitRange;
        ValShiftLimit = valShiftLimitRange;
    }

    /// <summary>Hue shift range (<c>hue_shift_limit</c>, default ±20).</summary>
    public (double Low, double High) HueShiftLimit { get; }

    /// <summary>Saturation shift range (<c>sat_shift_limit</c>, default ±30).</summary>
    public (double Low, double High) SatShiftLimit { get; }

    /// <summary>Value shift range (<c>val_shift_limit</c>, default ±20).</summary>
    public (double Low, double High) ValShiftLimit { get; }

    /// <inheritdoc />
    public override string Name => "HueSaturationValue";

    /// <inheritdoc />
    public override HueSaturationValueParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        return new(random.Uniform(HueShiftLimit.Low, HueShiftLimit.High), random.Uniform(SatShiftLimit.Low, SatShiftLimit.High), random.Uniform(ValShiftLimit.Low, ValShiftLimit.High));
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, HueSaturationValueParams parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(parameters);
        return ColorKernels.ShiftHsv(image, parameters.HueShift, parameters.SatShift, parameters.ValShift);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("hue_shift_limit", HueShiftLimit);
        writer.Add("sat_shift_limit", SatShiftLimit);
        writer.Add("val_shift_limit", ValShiftLimit);
    }
}
