using Tessera.Augment.Pipeline;
using Tessera.Augment.Pixel;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Weather;

/// <summary>Parameters of <see cref="RandomSnow"/> (the keys of albumentations 1.3.1's replay params).</summary>
/// <param name="SnowPoint">Fraction that sets the lightness threshold.</param>
public sealed record RandomSnowParams(double SnowPoint);

/// <summary>Bleaches light areas to imitate snow (HLS lightness boost; RGB) (albumentations <c>RandomSnow</c>).</summary>
public sealed class RandomSnow : ImageOnlyTransform<RandomSnowParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="snowPointLower">Lowest snow point (<c>snow_point_lower</c>).</param>
    /// <param name="snowPointUpper">Highest snow point (<c>snow_point_upper</c>).</param>
    /// <param name="brightnessCoeff">Lightness multiplier (<c>brightness_coeff</c>).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public RandomSnow(double snowPointLower = 0.1, double snowPointUpper = 0.3, double brightnessCoeff = 2.5, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        Guard.That(snowPointLower >= 0 && snowPointLower <= snowPointUpper && snowPointUpper <= 1, nameof(snowPointLower), "must satisfy 0 ≤ lower ≤ upper ≤ 1");
        Guard.That(brightnessCoeff >= 0, nameof(brightnessCoeff), "must be non-negative");
        SnowPointLower = snowPointLower;
        SnowPointUpper = snowPointUpper;
        BrightnessCoeff = brightnessCoeff;
    }

    /// <summary>Lowest snow point (<c>snow_point_lower</c>).</summary>
    public double SnowPointLower { get; }

    /// <summary>Highest snow point (<c>snow_point_upper</c>).</summary>
    public double SnowPointUpper { get; }

    /// <summary>Lightness multiplier (<c>brightness_coeff</c>).</summary>
    public double BrightnessCoeff { get; }

    /// <inheritdoc />
    public override string Name => "RandomSnow";

    /// <inheritdoc />
    public override RandomSnowParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        return new(random.Uniform(SnowPointLower, SnowPointUpper));
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, RandomSnowParams parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(parameters);
        return WeatherKernels.Snow(image, parameters.SnowPoint, BrightnessCoeff);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("snow_point_lower", SnowPointLower);
        writer.Add("snow_point_upper", SnowPointUpper);
        writer.Add("brightness_coeff", BrightnessCoeff);
    }
}
