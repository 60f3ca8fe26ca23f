using System.Collections.Immutable;

namespace Tessera.Diffusion.Segmentation;

/// <summary>Which activations make a pixel's feature vector (ddpm-segmentation's <c>steps</c>, <c>blocks</c>,
/// <c>upsample_mode</c>, <c>seed</c> and <c>share_noise</c>).</summary>
public sealed record FeatureExtractorOptions
{
    /// <summary>Diffusion steps t at which the image is noised and the UNet run (the paper's 50, 150, 250).</summary>
    public ImmutableArray<int> Steps { get; init; } = [50, 150, 250];

    /// <summary>Decoder (output) block indices whose outputs are read (the paper's 5, 6, 7, 8, 12).</summary>
    public ImmutableArray<int> Blocks { get; init; } = [5, 6, 7, 8, 12];

    /// <summary>Seed of the one noise image shared by every step and image.</summary>
    public long Seed { get; init; }

    /// <summary>Upsample activations bilinearly (align_corners = false); false uses nearest.</summary>
    public bool Bilinear { get; init; } = true;
}
