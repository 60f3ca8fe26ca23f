using Tessera.Augment.Pipeline;
using Tessera.Augment.Pixel;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Color;

/// <summary>Parameters of <see cref="RandomGamma"/> (the keys of albumentations 1.3.1's replay params).</summary>
/// <param name="Gamma">The exponent (gamma_limit / 100).</param>
public sealed record RandomGammaParams(double Gamma);

/// <summary>Raises pixel values to a random power (albumentations <c>RandomGamma</c>).</summary>
public sealed class RandomGamma : ImageOnlyTransform<RandomGammaParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="gammaLimit">Range of 100·gamma (<c>gamma_limit</c>, default (80, 120)).</param>
    /// <param name="eps">Deprecated in 1.3.1 and unused; kept for round trips.</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public RandomGamma(Limit? gammaLimit = null, double? eps = null, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        var gammaLimitRange = (gammaLimit ?? (80, 120)).Symmetric();
        GammaLimit = gammaLimitRange;
        Eps = eps;
    }

    /// <summary>Range of 100·gamma (<c>gamma_limit</c>, default (80, 120)).</summary>
    public (double Low, double High) GammaLimit { get; }

    /// <summary>Deprecated in 1.3.1 and unused; kept for round trips.</summary>
    public double? Eps { get; }

    /// <inheritdoc />
    public override string Name => "RandomGamma";

    /// <inheritdoc />
    public override RandomGammaParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        return new(random.Uniform(GammaLimit.Low, GammaLimit.High) / 100.0);
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, RandomGammaParams parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(parameters);
        return ColorKernels.Gamma(image, parameters.Gamma);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("gamma_limit", GammaLimit);
        writer.Add("eps", Eps);
    }
}
