using System.Text.Json.Nodes;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Pixel;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Color;

/// <summary>Parameters of <see cref="HistogramMatching"/> (the keys of albumentations 1.3.1's replay params).</summary>
/// <param name="BlendRatio">Weight of the matched image.</param>
/// <param name="ReferenceIndex">Which reference image was used.</param>
public sealed record HistogramMatchingParams(double BlendRatio, int ReferenceIndex);

/// <summary>Matches each channel's histogram to a reference image's and blends with the input (uint8) (albumentations <c>HistogramMatching</c>).</summary>
public sealed class HistogramMatching : ImageOnlyTransform<HistogramMatchingParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="referenceImages">Reference image files (read as RGB) (<c>reference_images</c>).</param>
    /// <param name="blendRatio">Blend range (<c>blend_ratio</c>, default (0.5, 1.0)).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public HistogramMatching(IReadOnlyList<string> referenceImages, (double Low, double High)? blendRatio = null, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        ArgumentNullException.ThrowIfNull(referenceImages);
        Guard.That(referenceImages.Count > 0, nameof(referenceImages), "must name at least one image");
        Guard.That(blendRatio is null || (blendRatio.Value.Low >= 0 && blendRatio.Value.High <= 1), nameof(blendRatio), "must lie in [0, 1]");
        _references = new ReferenceImages(referenceImages);
        ReferenceImages = referenceImages;
        BlendRatio = blendRatio ?? (0.5, 1.0);
    }

    /// <summary>Reference image files (read as RGB) (<c>reference_images</c>).</summary>
    public IReadOnlyList<string> ReferenceImages { get; }

    /// <summary>Blend range (<c>blend_ratio</c>, default (0.5, 1.0)).</summary>
    public (double Low, double High) BlendRatio { get; }

    /// <inheritdoc />
    public override string Name => "HistogramMatching";

    /// <inheritdoc />
    public override HistogramMatchingParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        return new(random.Uniform(BlendRatio.Low, BlendRatio.High), random.NextInt(0, ReferenceImages.Count));
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, HistogramMatchingParams parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(parameters);
        return DomainKernels.MatchHistograms(image, _references.Get(parameters.ReferenceIndex), parameters.BlendRatio);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.AddNode("reference_images", new JsonArray(ReferenceImages.Select(r => (JsonNode)r).ToArray()));
        writer.Add("blend_ratio", BlendRatio);
        writer.Add("read_fn", "read_rgb_image");
    }

    private readonly ReferenceImages _references;
}
