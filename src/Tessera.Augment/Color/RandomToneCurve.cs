using Tessera.Augment.Pipeline;
using Tessera.Augment.Pixel;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Color;

/// <summary>Parameters of <see cref="RandomToneCurve"/> (the keys of albumentations 1.3.1's replay params).</summary>
/// <param name="LowY">y of the first control point.</param>
/// <param name="HighY">y of the second control point.</param>
public sealed record RandomToneCurveParams(double LowY, double HighY);

/// <summary>Bends the tone curve with a random cubic Bézier (uint8) (albumentations <c>RandomToneCurve</c>).</summary>
public sealed class RandomToneCurve : ImageOnlyTransform<RandomToneCurveParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="scale">Standard deviation of the control points around 0.25 / 0.75 (<c>scale</c>).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public RandomToneCurve(double scale = 0.1, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        Guard.That(scale >= 0 && scale <= 1, nameof(scale), "must lie in [0, 1]");
        Scale = scale;
    }

    /// <summary>Standard deviation of the control points around 0.25 / 0.75 (<c>scale</c>).</summary>
    public double Scale { get; }

    /// <inheritdoc />
    public override string Name => "RandomToneCurve";

    /// <inheritdoc />
    public override RandomToneCurveParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        return new(Math.Clamp(0.25 + (Scale * random.NextGaussian()), 0, 1), Math.Clamp(0.75 + (Scale * random.NextGaussian()), 0, 1));
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, RandomToneCurveParams parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(parameters);
        return ColorKernels.ToneCurve(image, parameters.LowY, parameters.HighY);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("scale", Scale);
    }
}
