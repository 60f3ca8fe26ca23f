using Tessera.Augment.Pipeline;
using Tessera.Augment.Pixel;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Noise;

/// <summary>Parameters of <see cref="ISONoise"/> (the keys of albumentations 1.3.1's replay params).</summary>
/// <param name="ColorShift">Hue noise scale.</param>
/// <param name="Intensity">Overall noise strength.</param>
/// <param name="RandomState">Seed of the noise fields.</param>
public sealed record ISONoiseParams(double ColorShift, double Intensity, int RandomState);

/// <summary>Camera sensor noise: Poisson luminance noise and Gaussian hue noise in HLS (RGB uint8) (albumentations <c>ISONoise</c>).</summary>
public sealed class ISONoise : ImageOnlyTransform<ISONoiseParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="colorShift">Hue noise range (<c>color_shift</c>, default (0.01, 0.05)).</param>
    /// <param name="intensity">Strength range (<c>intensity</c>, default (0.1, 0.5)).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public ISONoise((double Low, double High)? colorShift = null, (double Low, double High)? intensity = null, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        ColorShift = colorShift ?? (0.01, 0.05);
        Intensity = intensity ?? (0.1, 0.5);
    }

    /// <summary>Hue noise range (<c>color_shift</c>, default (0.01, 0.05)).</summary>
    public (double Low, double High) ColorShift { get; }

    /// <summary>Strength range (<c>intensity</c>, default (0.1, 0.5)).</summary>
    public (double Low, double High) Intensity { get; }

    /// <inheritdoc />
    public override string Name => "ISONoise";

    /// <inheritdoc />
    public override ISONoiseParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        return new(random.Uniform(ColorShift.Low, ColorShift.High), random.Uniform(Intensity.Low, Intensity.High), random.NextInt(0, 65537));
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, ISONoiseParams parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(parameters);
        return NoiseKernels.IsoNoise(image, parameters.ColorShift, parameters.Intensity, parameters.RandomState);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("color_shift", ColorShift);
        writer.Add("intensity", Intensity);
    }
}
