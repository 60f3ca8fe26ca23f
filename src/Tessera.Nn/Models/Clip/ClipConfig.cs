using Tessera.Core.Errors;
using Tessera.Nn.Weights;

namespace Tessera.Nn.Models.Clip;

/// <summary>
/// Hyper-parameters of OpenAI CLIP with a ViT image tower (the constructor arguments of <c>clip.model.CLIP</c>) and
/// its preprocessing facts. Named variants are data: <see cref="VitB32"/>, <see cref="VitB16"/>, <see cref="VitL14"/>,
/// <see cref="VitL14At336"/>, the fixture's tiny CLIP <see cref="Tiny"/>, and the smaller <see cref="Toy"/> used by
/// fast tests.
/// </summary>
/// <remarks>Reference: openai/CLIP <c>clip/model.py</c> (<c>CLIP.__init__</c>, <c>build_model</c>) and
/// <c>clip/clip.py</c> (<c>_transform</c>).</remarks>
public sealed record ClipConfig
{
    /// <summary>Joint embedding size (<c>embed_dim</c>).</summary>
    public int EmbedDim { get; init; } = 512;

    /// <summary>Input image side (<c>image_resolution</c>).</summary>
    public int ImageResolution { get; init; } = 224;

    /// <summary>Image transformer depth (<c>vision_layers</c>).</summary>
    public int VisionLayers { get; init; } = 12;

    /// <summary>Image transformer width (<c>vision_width</c>).</summary>
    public int VisionWidth { get; init; } = 768;

    /// <summary>Patch side (<c>vision_patch_size</c>).</summary>
    public int VisionPatchSize { get; init; } = 16;

    /// <summary>Image heads; CLIP derives <c>vision_width // 64</c> (at least 1 here).</summary>
    public int VisionHeads { get; init; } = 12;

    /// <summary>Text length in tokens (<c>context_length</c>).</summary>
    public int ContextLength { get; init; } = 77;

    /// <summary>Token vocabulary size (<c>vocab_size</c>).</summary>
    public int VocabSize { get; init; } = 49408;

    /// <summary>Text transformer width (<c>transformer_width</c>).</summary>
    public int TransformerWidth { get; init; } = 512;

    /// <summary>Text heads (<c>transformer_heads</c>).</summary>
    public int TransformerHeads { get; init; } = 8;

    /// <summary>Text transformer depth (<c>transformer_layers</c>).</summary>
    public int TransformerLayers { get; init; } = 12;

    /// <summary>Per-channel mean of the preprocessing (RGB).</summary>
    public IReadOnlyList<float> Mean { get; init; } = [0.48145466f, 0.4578275f, 0.40821073f];

    /// <summary>Per-channel std of the preprocessing (RGB).</summary>
    public IReadOnlyList<float> Std { get; init; } = [0.26862954f, 0.26130258f, 0.27577711f];

    /// <summary>Patches per side.</summary>
    public int GridSize => ImageResolution / VisionPatchSize;

    /// <summary>ViT-B/32.</summary>
    public static ClipConfig VitB32 { get; } = new() { VisionPatchSize = 32 };

    /// <summary>ViT-B/16.</summary>
    public static ClipConfig VitB16 { get; } = new();

    /// <summary>ViT-L/14.</summary>
    public static ClipConfig VitL14 { get; } = new()
    {
        EmbedDim = 768, VisionLayers = 24, VisionWidth = 1024, VisionPatchSize = 14, VisionHeads = 16,
        TransformerWidth = 768, TransformerHeads = 12,
    };

    /// <summary>ViT-L/14@336px.</summary>
    public static ClipConfig VitL14At336 { get; } = VitL14 with { ImageResolution = 336 };

    /// <summary>
    /// The tiny CLIP of the parity fixtures (<c>../shared/fixtures/models/clip/clip_tiny.safetensors</c>, not a released
    /// model): embedding 32, 64² input, 12 image layers of width 64 (1 head, CLIP's rule), patch 16, 3 text layers of width
    /// 32 with <b>4</b> heads (passed explicitly when the fixture was made; CLIP's width / 64 rule does not hold).
    /// <c>ClipModel.FromWeights(weights, ClipConfig.Tiny)</c> loads the fixture weights as they are.
    /// </summary>
    public static ClipConfig Tiny { get; } = new()
    {
        EmbedDim = 32, ImageResolution = 64, VisionLayers = 12, VisionWidth = 64, VisionPatchSize = 16, VisionHeads = 1,
        ContextLength = 77, VocabSize = 49408, TransformerWidth = 32, TransformerHeads = 4, TransformerLayers = 3,
    };

    /// <summary>A smaller toy CLIP for fast tests (32² input, 2 + 2 layers; no weights exist for it, not the fixture's model).</summary>
    public static ClipConfig Toy { get; } = new()
    {
        EmbedDim = 32, ImageResolution = 32, VisionLayers = 2, VisionWidth = 64, VisionPatchSize = 8, VisionHeads = 2,
        ContextLength = 77, VocabSize = 49408, TransformerWidth = 32, TransformerHeads = 4, TransformerLayers = 2,
    };

    /// <summary>Named variants (name → config).</summary>
    public static IReadOnlyDictionary<string, ClipConfig> Variants { get; } = new Dictionary<string, ClipConfig>(StringComparer.OrdinalIgnoreCase)
    {
        ["ViT-B/32"] = VitB32, ["ViT-B/16"] = VitB16, ["ViT-L/14"] = VitL14, ["ViT-L/14@336px"] = VitL14At336, ["tiny"] = Tiny, ["toy"] = Toy,
    };

    /// <summary>
    /// CLIP's <c>width // 64</c>, which holds for every released model; a width that is not a positive multiple of 64
    /// (a tiny or custom model) leaves the head count open, and guessing it would build a wrong model without a word.
    /// </summary>
    private static int HeadsByClipRule(int width, string tower, string option)
    {
        Guard.That(width >= 64 && width % 64 == 0, option,
            $"the {tower} width is {width}, not a multiple of 64, so CLIP's heads = width / 64 rule does not apply and the checkpoint does not record the head count: pass {option} (a divisor of {width})");
        return width / 64;
    }

    /// <summary>Throws unless the sizes are consistent.</summary>
    /// <exception cref="TesseraArgumentException">A size is not positive, or a head count or patch size does not divide.</exception>
    public void Validate()
    {
        foreach (var (v, n) in new[] { (EmbedDim, nameof(EmbedDim)), (ImageResolution, nameof(ImageResolution)), (VisionLayers, nameof(VisionLayers)),
                     (VisionWidth, nameof(VisionWidth)), (VisionPatchSize, nameof(VisionPatchSize)), (VisionHeads, nameof(VisionHeads)),
                     (ContextLength, nameof(ContextLength)), (VocabSize, nameof(VocabSize)), (TransformerWidth, nameof(TransformerWidth)),
                     (TransformerHeads, nameof(TransformerHeads)), (TransformerLayers, nameof(TransformerLayers)) })
        {
            Guard.That(v > 0, n, $"must be positive (got {v})");
        }
        Guard.That(ImageResolution % VisionPatchSize == 0, nameof(ImageResolution), $"must be a multiple of the patch size {VisionPatchSize}");
        Guard.That(VisionWidth % VisionHeads == 0, nameof(VisionHeads), $"must divide the vision width {VisionWidth}");
        Guard.That(TransformerWidth % TransformerHeads == 0, nameof(TransformerHeads), $"must divide the text width {TransformerWidth}");
        Guard.That(Mean.Count == 3 && Std.Count == 3 && Std.All(s => s > 0), nameof(Std), "mean and std need 3 channels, std positive");
    }

    /// <summary>
    /// Infers the configuration from OpenAI-named weights, like <c>clip.model.build_model</c>. Head counts follow
    /// CLIP's rule <c>width // 64</c> unless given.
    /// </summary>
    /// <param name="weights">OpenAI-named state dict (see <see cref="ClipCheckpoint.ToOpenAi"/>).</param>
    /// <param name="transformerHeads">Text head count, when it does not follow the rule (tiny test models).</param>
    /// <param name="visionHeads">Image head count, when it does not follow the rule.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="TesseraArgumentException">A key the inference needs is absent (e.g. a ResNet CLIP), or a tower's
    /// width is not a multiple of 64 and its head count was not given (a checkpoint does not record head counts).</exception>
    public static ClipConfig FromStateDict(StateDict weights, int? transformerHeads = null, int? visionHeads = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        Guard.That(weights.ContainsKey("visual.proj") && weights.ContainsKey("visual.conv1.weight"), nameof(weights),
            "has no visual.proj / visual.conv1.weight: only CLIP with a ViT image tower (OpenAI names) is supported");
        var conv = weights["visual.conv1.weight"].shape;
        var visionWidth = (int)conv[0];
        var patch = (int)conv[^1];
        var visionLayers = weights.Keys.Count(k => k.StartsWith("visual.transformer.resblocks.", StringComparison.Ordinal) && k.EndsWith(".attn.in_proj_weight", StringComparison.Ordinal));
        var grid = (int)Math.Round(Math.Sqrt(weights["visual.positional_embedding"].shape[0] - 1));
        var textWidth = (int)weights["ln_final.weight"].shape[0];
        var textLayers = weights.Keys.Count(k => k.StartsWith("transformer.resblocks.", StringComparison.Ordinal) && k.EndsWith(".attn.in_proj_weight", StringComparison.Ordinal));
        var config = new ClipConfig
        {
            EmbedDim = (int)weights["text_projection"].shape[1],
            ImageResolution = grid * patch,
            VisionLayers = visionLayers,
            VisionWidth = visionWidth,
            VisionPatchSize = patch,
            VisionHeads = visionHeads ?? HeadsByClipRule(visionWidth, "vision", nameof(visionHeads)),
            ContextLength = (int)weights["positional_embedding"].shape[0],
            VocabSize = (int)weights["token_embedding.weight"].shape[0],
            TransformerWidth = textWidth,
            TransformerHeads = transformerHeads ?? HeadsByClipRule(textWidth, "text", nameof(transformerHeads)),
            TransformerLayers = textLayers,
        };
        config.Validate();
        return config;
    }
}
