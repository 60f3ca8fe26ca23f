using Tessera.Core.Errors;

namespace Tessera.Nn.Models.Vit;

/// <summary>
/// Hyper-parameters and preprocessing facts of a timm-style Vision Transformer (class token, learned absolute
/// position embedding, pre-norm blocks, token pooling). Named variants are data: <see cref="B16"/>, <see cref="L14"/>,
/// <see cref="L16"/> and the small <see cref="Tiny"/> for tests.
/// </summary>
/// <remarks>Reference: huggingface/pytorch-image-models <c>timm/models/vision_transformer.py</c>
/// (<c>vit_base_patch16_224</c>, <c>vit_large_patch14_*</c>, LayerNorm eps 1e-6, GELU MLP with ratio 4).</remarks>
public sealed record VitConfig
{
    /// <summary>Input image side.</summary>
    public int ImageSize { get; init; } = 224;

    /// <summary>Patch side.</summary>
    public int PatchSize { get; init; } = 16;

    /// <summary>Token width (embed_dim).</summary>
    public int Width { get; init; } = 768;

    /// <summary>Number of blocks.</summary>
    public int Depth { get; init; } = 12;

    /// <summary>Attention heads.</summary>
    public int Heads { get; init; } = 12;

    /// <summary>MLP hidden width / token width.</summary>
    public double MlpRatio { get; init; } = 4.0;

    /// <summary>Classifier outputs; 0 means no head (features only).</summary>
    public int NumClasses { get; init; } = 1000;

    /// <summary>LayerNorm epsilon.</summary>
    public double LayerNormEps { get; init; } = 1e-6;

    /// <summary>Whether <c>qkv</c> has a bias.</summary>
    public bool QkvBias { get; init; } = true;

    /// <summary>Preprocessing mean (RGB); timm's augreg/in21k ViTs use 0.5.</summary>
    public IReadOnlyList<float> Mean { get; init; } = [0.5f, 0.5f, 0.5f];

    /// <summary>Preprocessing std (RGB).</summary>
    public IReadOnlyList<float> Std { get; init; } = [0.5f, 0.5f, 0.5f];

    /// <summary>Resize interpolation of the preprocessing.</summary>
    public string Interpolation { get; init; } = "bicubic";

    /// <summary>Patches per side.</summary>
    public int GridSize => ImageSize / PatchSize;

    /// <summary>MLP hidden width.</summary>
    public int MlpHidden => (int)(Width * MlpRatio);

    /// <summary>ViT-B/16 (86M parameters, 224²).</summary>
    public static VitConfig B16 { get; } = new();

    /// <summary>ViT-L/14 (224²).</summary>
    public static VitConfig L14 { get; } = new() { PatchSize = 14, Width = 1024, Depth = 24, Heads = 16 };

    /// <summary>ViT-L/16 (224², VPT's <c>sup_vitl16</c>).</summary>
    public static VitConfig L16 { get; } = new() { Width = 1024, Depth = 24, Heads = 16 };

    /// <summary>A tiny ViT for tests (32², patch 8, width 32, depth 2, 10 classes).</summary>
    public static VitConfig Tiny { get; } = new() { ImageSize = 32, PatchSize = 8, Width = 32, Depth = 2, Heads = 2, NumClasses = 10 };

    /// <summary>Named variants.</summary>
    public static IReadOnlyDictionary<string, VitConfig> Variants { get; } = new Dictionary<string, VitConfig>(StringComparer.OrdinalIgnoreCase)
    {
        ["vit_base_patch16_224"] = B16, ["vit_large_patch14_224"] = L14, ["vit_large_patch16_224"] = L16, ["tiny"] = Tiny,
    };

    /// <summary>Throws unless the sizes are consistent.</summary>
    /// <exception cref="TesseraArgumentException">A size is not positive or does not divide.</exception>
    public void Validate()
    {
        Guard.Positive(ImageSize);
        Guard.Positive(PatchSize);
        Guard.Positive(Width);
        Guard.Positive(Depth);
        Guard.Positive(Heads);
        Guard.That(MlpRatio > 0, nameof(MlpRatio), "must be positive");
        Guard.That(NumClasses >= 0, nameof(NumClasses), "must not be negative");
        Guard.That(LayerNormEps > 0, nameof(LayerNormEps), "must be positive");
        Guard.That(ImageSize % PatchSize == 0, nameof(ImageSize), $"must be a multiple of the patch size {PatchSize}");
        Guard.That(Width % Heads == 0, nameof(Heads), $"must divide the width {Width}");
    }
}
