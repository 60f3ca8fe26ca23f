using Tessera.Core.Errors;
using Tessera.Nn.Layers;
using Tessera.Nn.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tessera.Nn.Models.Vit;

/// <summary>
/// timm's <c>VisionTransformer</c> with timm's state-dict names: <c>cls_token</c>, <c>pos_embed</c>,
/// <c>patch_embed.proj</c>, <c>blocks.N.{norm1, attn.qkv, attn.proj, norm2, mlp.fc1, mlp.fc2}</c>, <c>norm</c>,
/// <c>head</c>. Images of other sizes (multiples of the patch size) get the position embedding resampled bicubically.
/// </summary>
/// <remarks>Reference: huggingface/pytorch-image-models <c>timm/models/vision_transformer.py</c> (class token
/// pooling, no pre-norm, no layer scale). Forward runs in its own dispose scope; callers set eval/no_grad.</remarks>
public sealed class VisionTransformer : nn.Module<Tensor, Tensor>
{
    private readonly Parameter cls_token;
    private readonly Parameter pos_embed;
    private readonly PatchEmbed patch_embed;
    private readonly ModuleList<VitBlock> blocks;
    private readonly LayerNorm norm;
    private readonly nn.Module<Tensor, Tensor> head;

    /// <summary>Creates the model (timm-like random initialisation from the global torch generator).</summary>
    /// <param name="config">Sizes (validated).</param>
    /// <exception cref="TesseraArgumentException">The configuration is inconsistent.</exception>
    public VisionTransformer(VitConfig config) : base(ModuleBase.Name(nameof(VisionTransformer)))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        cls_token = new Parameter(torch.randn(1, 1, config.Width) * 1e-6);
        pos_embed = new Parameter(torch.randn(1, (config.GridSize * config.GridSize) + 1, config.Width) * 0.02);
        patch_embed = new PatchEmbed(config.PatchSize, config.Width);
        blocks = nn.ModuleList(Enumerable.Range(0, config.Depth).Select(_ => new VitBlock(config)).ToArray());
        norm = nn.LayerNorm(config.Width, config.LayerNormEps);
        head = config.NumClasses > 0 ? nn.Linear(config.Width, config.NumClasses) : nn.Identity();
        RegisterComponents();
    }

    /// <summary>The configuration.</summary>
    public VitConfig Config { get; }

    /// <summary>Class logits <c>[B, classes]</c> (or the pooled class token when there is no head).</summary>
    /// <param name="input">Normalised images <c>[B, 3, H, W]</c>.</param>
    /// <returns>Logits.</returns>
    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        using var features = ForwardFeatures(input);
        return head.forward(features.Tokens.select(1, 0)).MoveToOuterDisposeScope();
    }

    /// <summary>All tokens after the final norm, and optionally the output of chosen blocks.</summary>
    /// <param name="images">Normalised images <c>[B, 3, H, W]</c>, sides multiples of the patch size.</param>
    /// <param name="layers">0-based block indices whose outputs to return (null: none).</param>
    /// <returns>Features the caller owns.</returns>
    /// <exception cref="TesseraArgumentException">The images have the wrong shape or a layer index is out of range.</exception>
    public VitFeatures ForwardFeatures(Tensor images, IReadOnlyCollection<int>? layers = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        Guard.That(images.dim() == 4 && images.shape[1] == 3, nameof(images), $"must be [B, 3, H, W], got [{string.Join(", ", images.shape)}]");
        var p = Config.PatchSize;
        Guard.That(images.shape[2] % p == 0 && images.shape[3] % p == 0, nameof(images), $"height and width must be multiples of the patch size {p}");
        if (layers is not null)
        {
            Guard.That(layers.All(l => l >= 0 && l < Config.Depth), nameof(layers), $"indices must lie in [0, {Config.Depth})");
        }
        using var scope = torch.NewDisposeScope();
        var x = patch_embed.forward(images);
        var b = x.shape[0];
        x = torch.cat([cls_token.expand(b, -1, -1), x], 1);
        var gh = (int)(images.shape[2] / p);
        var gw = (int)(images.shape[3] / p);
        var pos = gh == Config.GridSize && gw == Config.GridSize
            ? (Tensor)pos_embed
            : PositionEmbedding.Resample(pos_embed, (Config.GridSize, Config.GridSize), (gh, gw));
        x = x + pos;
        var kept = new List<Tensor>();
        for (var i = 0; i < blocks.Count; i++)
        {
            x = blocks[i].forward(x);
            if (layers is not null && layers.Contains(i)) { kept.Add(x); }
        }
        var tokens = norm.forward(x);
        return new VitFeatures(tokens.MoveToOuterDisposeScope(), kept.Select(t => t.MoveToOuterDisposeScope()).ToList());
    }
}
