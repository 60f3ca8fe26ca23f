using Tessera.Core.Imaging;

namespace Tessera.Augment.Color;

/// <summary>Parameters of <see cref="HistogramMatching"/> (the keys of albumentations 1.3.1's replay params).</summary>
/// <param name="BlendRatio">Weight of the matched image.</param>
/// <param name="ReferenceIndex">Which reference image was used.</param>
public sealed record HistogramMatchingParams(double BlendRatio, int ReferenceIndex);

/// <summary>Matches each channel's histogram to a reference image's and blends with the input (uint8) (albumentations <c>HistogramMatching</c>).</summary>
public sealed class HistogramMatching : ReferenceImageTransform<HistogramMatchingParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="referenceImages">Reference image files (read as RGB) (<c>reference_images</c>).</param>
    /// <param name="blendRatio">Blend range (<c>blend_ratio</c>, default (0.5, 1.0)); within [0, 1].</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public HistogramMatching(IReadOnlyList<string> referenceImages, (double Low, double High)? blendRatio = null, double p = 0.5, bool alwaysApply = false)
        : base(referenceImages, "blend_ratio", nameof(blendRatio), blendRatio ?? (0.5, 1.0), (0, 1), p, alwaysApply) { }

    /// <summary>Blend range (<c>blend_ratio</c>, default (0.5, 1.0)).</summary>
    public (double Low, double High) BlendRatio => Range;

    /// <inheritdoc />
    public override string Name => "HistogramMatching";

    private protected override HistogramMatchingParams CreateParams(double strength, int referenceIndex) => new(strength, referenceIndex);

    private protected override (double Strength, int ReferenceIndex) Unpack(HistogramMatchingParams parameters) => (parameters.BlendRatio, parameters.ReferenceIndex);

    private protected override Image Combine(Image image, Image reference, double strength) => DomainKernels.MatchHistograms(image, reference, strength);
}
