using Tessera.Augment.Pipeline;
using Tessera.Augment.Pixel;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Color;

/// <summary>Parameters of <see cref="Solarize"/> (the keys of albumentations 1.3.1's replay params).</summary>
/// <param name="Threshold">Values ≥ this are inverted.</param>
public sealed record SolarizeParams(double Threshold);

/// <summary>Inverts every value at or above a threshold (albumentations <c>Solarize</c>).</summary>
public sealed class Solarize : ImageOnlyTransform<SolarizeParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="threshold">Threshold range (<c>threshold</c>, default 128; a number t means (t, t)).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public Solarize(Limit? threshold = null, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        var thresholdRange = (threshold ?? (128, 128)).Exact();
        Threshold = thresholdRange;
    }

    /// <summary>Threshold range (<c>threshold</c>, default 128; a number t means (t, t)).</summary>
    public (double Low, double High) Threshold { get; }

    /// <inheritdoc />
    public override string Name => "Solarize";

    /// <inheritdoc />
    public override SolarizeParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        return new(random.Uniform(Threshold.Low, Threshold.High));
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, SolarizeParams parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(parameters);
        return ColorKernels.Solarize(image, parameters.Threshold);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("threshold", Threshold);
    }
}
