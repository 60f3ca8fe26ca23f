using Tessera.Augment.Pipeline;
using Tessera.Augment.Pixel;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Filters;

/// <summary>Parameters of <see cref="Emboss"/> (the keys of albumentations 1.3.1's replay params).</summary>
/// <param name="EmbossMatrix">The 3×3 kernel.</param>
public sealed record EmbossParams(double[][] EmbossMatrix);

/// <summary>Embosses with a blend of identity and an emboss kernel (albumentations <c>Emboss</c>).</summary>
public sealed class Emboss : ImageOnlyTransform<EmbossParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="alpha">Blend range in [0, 1] (<c>alpha</c>, default (0.2, 0.5)).</param>
    /// <param name="strength">Strength range (<c>strength</c>, default (0.2, 0.7)).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public Emboss(Limit? alpha = null, Limit? strength = null, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        var alphaRange = (alpha ?? (0.2, 0.5)).From(0);
        var strengthRange = (strength ?? (0.2, 0.7)).From(0);
        Guard.That((alphaRange.Low >= 0 && alphaRange.High <= 1), nameof(alpha), "must lie in [0, 1]");
        Alpha = alphaRange;
        Strength = strengthRange;
    }

    /// <summary>Blend range in [0, 1] (<c>alpha</c>, default (0.2, 0.5)).</summary>
    public (double Low, double High) Alpha { get; }

    /// <summary>Strength range (<c>strength</c>, default (0.2, 0.7)).</summary>
    public (double Low, double High) Strength { get; }

    /// <inheritdoc />
    public override string Name => "Emboss";

    /// <inheritdoc />
    public override EmbossParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        var a = (float)random.Uniform(Alpha.Low, Alpha.High);
        var s = random.Uniform(Strength.Low, Strength.High);
        return new(FilterKernels.Blend3(a, [[(float)(-1 - s), (float)(0 - s), 0], [(float)(0 - s), 1, (float)(0 + s)], [0, (float)(0 + s), (float)(1 + s)]]));
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, EmbossParams parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(parameters);
        return PixelCv.Convolve(image, parameters.EmbossMatrix);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("alpha", Alpha);
        writer.Add("strength", Strength);
    }
}
