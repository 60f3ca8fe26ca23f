using Tessera.Core.Imaging;

namespace Tessera.Augment.Color;

/// <summary>Parameters of <see cref="FDA"/> (the keys of albumentations 1.3.1's replay params).</summary>
/// <param name="Beta">Size of the swapped low-frequency block as a fraction of the shorter side.</param>
/// <param name="ReferenceIndex">Which reference image was used.</param>
public sealed record FDAParams(double Beta, int ReferenceIndex);

/// <summary>Fourier domain adaptation: swaps the low-frequency amplitude spectrum with that of a reference image (albumentations <c>FDA</c>).</summary>
public sealed class FDA : ReferenceImageTransform<FDAParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="referenceImages">Reference image files (read as RGB) (<c>reference_images</c>).</param>
    /// <param name="betaLimit">Beta range (<c>beta_limit</c>, default (0, 0.1)); within [0, 0.5]; a number x means (0, x).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public FDA(IReadOnlyList<string> referenceImages, Limit? betaLimit = null, double p = 0.5, bool alwaysApply = false)
        : base(referenceImages, "beta_limit", nameof(betaLimit), (betaLimit ?? (0, 0.1)).From(0), (0, 0.5), p, alwaysApply) { }

    /// <summary>Beta range (<c>beta_limit</c>, default (0, 0.1)).</summary>
    public (double Low, double High) BetaLimit => Range;

    /// <inheritdoc />
    public override string Name => "FDA";

    private protected override FDAParams CreateParams(double strength, int referenceIndex) => new(strength, referenceIndex);

    private protected override (double Strength, int ReferenceIndex) Unpack(FDAParams parameters) => (parameters.Beta, parameters.ReferenceIndex);

    private protected override Image Combine(Image image, Image reference, double strength) => DomainKernels.Fda(image, reference, strength);
}
