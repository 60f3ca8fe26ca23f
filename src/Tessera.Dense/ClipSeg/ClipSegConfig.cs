using Tessera.Core.Errors;
using Tessera.Nn.Models.Clip;
using Tessera.Nn.Weights;

namespace Tessera.Dense.ClipSeg;

/// <summary>
/// Hyper-parameters of the CLIPSeg decoder (timojl/clipseg <c>CLIPDensePredT</c>). The defaults are the released
/// ViT-B/16 "rd64-uni" architecture: activations of CLIP layers 3, 7, 9 reduced to D = 64, FiLM at the first decoder
/// block, 4 heads, a single 16 × 16 transposed convolution.
/// </summary>
public sealed record ClipSegConfig
{
    /// <summary>CLIP image-tower blocks whose outputs feed the decoder, in increasing order (released weights: 3, 7, 9;
    /// the upstream constructor default is 3, 6, 9).</summary>
    public IReadOnlyList<int> ExtractLayers { get; init; } = [3, 7, 9];

    /// <summary>Decoder block (counted from the deepest activation) before which FiLM conditioning is applied.</summary>
    public int CondLayer { get; init; }

    /// <summary>Decoder width D (<c>reduce_dim</c>).</summary>
    public int ReduceDim { get; init; } = 64;

    /// <summary>Attention heads of each decoder block.</summary>
    public int Heads { get; init; } = 4;

    /// <summary>Hidden width of each decoder block's feed-forward layer (PyTorch's <c>TransformerEncoderLayer</c>
    /// default, 2048).</summary>
    public int FeedForward { get; init; } = 2048;

    /// <summary>Dropout inside the decoder blocks while training (PyTorch's default 0.1; inactive in eval mode).</summary>
    public double Dropout { get; init; } = 0.1;

    /// <summary>The "refined" head: 3 × 3 conv, ReLU, two transposed convolutions of kernel patch/4 (released
    /// "rd64-uni-refined"); false: one transposed convolution of kernel = stride = patch size.</summary>
    public bool ComplexTransConv { get; init; }

    /// <summary>Size of the conditional vector = CLIP's joint embedding size (512 for ViT-B).</summary>
    public int ConditionalDim { get; init; } = 512;

    /// <summary>Token width of the CLIP image tower (768 for ViT-B).</summary>
    public int VisionWidth { get; init; } = 768;

    /// <summary>Patch size of the CLIP image tower = upsampling factor of the head (16 for ViT-B/16).</summary>
    public int PatchSize { get; init; } = 16;

    /// <summary>The released ViT-B/16 "rd64-uni" decoder.</summary>
    public static ClipSegConfig Rd64 { get; } = new();

    /// <summary>The released ViT-B/16 "rd64-uni-refined" decoder (complex transposed convolution).</summary>
    public static ClipSegConfig Rd64Refined { get; } = new() { ComplexTransConv = true };

    /// <summary>The released ViT-B/16 "rd16-uni" decoder.</summary>
    public static ClipSegConfig Rd16 { get; } = new() { ReduceDim = 16 };

    /// <summary>This configuration with the CLIP sizes (embedding, visual width, patch) taken from a CLIP model.</summary>
    /// <param name="clip">The CLIP configuration the decoder sits on.</param>
    /// <returns>A copy with <see cref="ConditionalDim"/>, <see cref="VisionWidth"/> and <see cref="PatchSize"/> set.</returns>
    public ClipSegConfig For(ClipConfig clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        return this with { ConditionalDim = clip.EmbedDim, VisionWidth = clip.VisionWidth, PatchSize = clip.VisionPatchSize };
    }

    /// <summary>The architecture of a decoder checkpoint: D from <c>film_mul.weight</c>, depth from <c>reduces.*</c>, the
    /// head kind from <c>trans_conv.*</c>, CLIP sizes from the checkpoint (checked against <paramref name="clip"/>).
    /// Extract layers, FiLM layer and heads are not stored in a checkpoint and come from <paramref name="template"/>
    /// (default: the released 3, 7, 9 / 0 / 4).</summary>
    /// <param name="decoderWeights">The checkpoint's tensors.</param>
    /// <param name="clip">The CLIP configuration it sits on.</param>
    /// <param name="template">Values not inferable from the tensors.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="TesseraArgumentException">The checkpoint is not a CLIPSeg decoder or does not fit the CLIP.</exception>
    public static ClipSegConfig FromCheckpoint(StateDict decoderWeights, ClipConfig clip, ClipSegConfig? template = null)
    {
        ArgumentNullException.ThrowIfNull(decoderWeights);
        ArgumentNullException.ThrowIfNull(clip);
        Guard.That(decoderWeights.ContainsKey("film_mul.weight") && decoderWeights.ContainsKey("reduces.0.weight"), nameof(decoderWeights),
            "has no film_mul.weight / reduces.0.weight: not a CLIPSeg decoder checkpoint");
        var film = decoderWeights["film_mul.weight"].shape;
        var reduce0 = decoderWeights["reduces.0.weight"].shape;
        Guard.That(film[1] == clip.EmbedDim && reduce0[1] == clip.VisionWidth, nameof(decoderWeights),
            $"sizes (conditional {film[1]}, visual width {reduce0[1]}) do not fit the CLIP (embedding {clip.EmbedDim}, width {clip.VisionWidth})");
        var depth = decoderWeights.Keys.Count(k => k.StartsWith("reduces.", StringComparison.Ordinal) && k.EndsWith(".weight", StringComparison.Ordinal));
        var baseConfig = template ?? Rd64;
        Guard.That(baseConfig.ExtractLayers.Count == depth, nameof(template), $"names {baseConfig.ExtractLayers.Count} extract layers but the checkpoint has {depth} reductions");
        return baseConfig.For(clip) with
        {
            ReduceDim = (int)film[0],
            ComplexTransConv = decoderWeights.ContainsKey("trans_conv.0.weight"),
        };
    }

    /// <summary>Checks every size.</summary>
    /// <exception cref="TesseraArgumentException">Names the offending property and the rule.</exception>
    public void Validate()
    {
        Guard.That(ExtractLayers is { Count: > 0 }, nameof(ExtractLayers), "must name at least one CLIP block");
        Guard.That(ExtractLayers.All(l => l >= 0), nameof(ExtractLayers), "block indices must be ≥ 0");
        Guard.That(ExtractLayers.Zip(ExtractLayers.Skip(1)).All(p => p.First < p.Second), nameof(ExtractLayers), "must be strictly increasing");
        Guard.That(CondLayer >= 0 && CondLayer < ExtractLayers.Count, nameof(CondLayer), $"must lie in [0, {ExtractLayers.Count})");
        Guard.That(ReduceDim > 0, nameof(ReduceDim), "must be positive");
        Guard.That(Heads > 0 && ReduceDim % Heads == 0, nameof(Heads), $"must be positive and divide ReduceDim {ReduceDim}");
        Guard.That(FeedForward > 0, nameof(FeedForward), "must be positive");
        Guard.That(Dropout is >= 0 and < 1, nameof(Dropout), "must lie in [0, 1)");
        Guard.That(ConditionalDim > 0, nameof(ConditionalDim), "must be positive");
        Guard.That(VisionWidth > 0, nameof(VisionWidth), "must be positive");
        Guard.That(PatchSize > 0, nameof(PatchSize), "must be positive");
        Guard.That(!ComplexTransConv || (PatchSize % 4 == 0 && ReduceDim % 2 == 0), nameof(ComplexTransConv),
            $"needs a patch size divisible by 4 and an even ReduceDim (got patch {PatchSize}, D {ReduceDim})");
    }
}
