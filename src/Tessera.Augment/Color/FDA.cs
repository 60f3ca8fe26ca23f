using System.Text.Json.Nodes;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Pixel;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Color;

/// <summary>Parameters of <see cref="FDA"/> (the keys of albumentations 1.3.1's replay params).</summary>
/// <param name="Beta">Size of the swapped low-frequency block as a fraction of the shorter side.</param>
/// <param name="ReferenceIndex">Which reference image was used.</param>
public sealed record FDAParams(double Beta, int ReferenceIndex);

/// <summary>Fourier domain adaptation: swaps the low-frequency amplitude spectrum with that of a reference image (albumentations <c>FDA</c>).</summary>
public sealed class FDA : ImageOnlyTransform<FDAParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="referenceImages">Reference image files (read as RGB) (<c>reference_images</c>).</param>
    /// <param name="betaLimit">Beta range (<c>beta_limit</c>, default (0, 0.1)).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public FDA(IReadOnlyList<string> referenceImages, (double Low, double High)? betaLimit = null, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        ArgumentNullException.ThrowIfNull(referenceImages);
        Guard.That(referenceImages.Count > 0, nameof(referenceImages), "must name at least one image");
        Guard.That(betaLimit is null || (betaLimit.Value.Low >= 0 && betaLimit.Value.High <= 0.5), nameof(betaLimit), "must lie in [0, 0.5]");
        _references = new ReferenceImages(referenceImages);
        ReferenceImages = referenceImages;
        BetaLimit = betaLimit ?? (0, 0.1);
    }

    /// <summary>Reference image files (read as RGB) (<c>reference_images</c>).</summary>
    public IReadOnlyList<string> ReferenceImages { get; }

    /// <summary>Beta range (<c>beta_limit</c>, default (0, 0.1)).</summary>
    public (double Low, double High) BetaLimit { get; }

    /// <inheritdoc />
    public override string Name => "FDA";

    /// <inheritdoc />
    public override FDAParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        return new(random.Uniform(BetaLimit.Low, BetaLimit.High), random.NextInt(0, ReferenceImages.Count));
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, FDAParams parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(parameters);
        return DomainKernels.Fda(image, _references.Get(parameters.ReferenceIndex), parameters.Beta);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.AddNode("reference_images", new JsonArray(ReferenceImages.Select(r => (JsonNode)r).ToArray()));
        writer.Add("beta_limit", BetaLimit);
        writer.Add("read_fn", "read_rgb_image");
    }

    private readonly ReferenceImages _references;
}
