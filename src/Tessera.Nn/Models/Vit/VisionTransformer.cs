using System.Diagnostics.CodeAnalysis;
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
/// pooling, no pre-norm, no layer scale). The stages of <see cref="IVisionBackbone"/> are public (<see cref="Embed"/>,
/// <see cref="ForwardBlock"/>, <see cref="NormTokens"/>, <see cref="Pool"/>, <see cref="Forward"/>) and <see cref="forward"/> is
/// composed from them. Forward runs in its own dispose scope; callers set eval/no_grad.</remarks>
[SuppressMessage("Naming", "CA1708", Justification = "TorchSharp names the module call forward; Forward is the IVisionBackbone activations API.")]
public sealed class VisionTransformer : nn.Module<Tensor, Tensor>, IVisionBackbone
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

    /// <inheritdoc />
    public int Width => Config.Width;

    /// <inheritdoc />
    public int Depth => Config.Depth;

    /// <inheritdoc />
    public int PatchSize => Config.PatchSize;

    /// <inheritdoc />
    public int PrefixTokenCount => 1;

    /// <inheritdoc />
    public int OutputDim => Config.Width;

    /// <summary>Class logits <c>[B, classes]</c> (or the pooled class token when there is no head):
    /// <c>ForwardHead(Pool(blocks(Embed(images))))</c>.</summary>
    /// <param name="input">Normalised images <c>[B, 3, H, W]</c>.</param>
    /// <returns>Logits.</returns>
    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var embedded = Embed(input);
        var last = BackboneStages.RunBlocks(embedded, blocks.Count, ForwardBlock);
        return ForwardHead(Pool(last)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    /// <remarks>timm's <c>patch_embed</c> → <c>cls_token</c> prepended → <c>+ pos_embed</c> (<c>_pos_embed</c>); for another
    /// grid the position embedding is resampled bicubically like timm's <c>dynamic_img_size</c>.</remarks>
    public Tensor Embed(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        Guard.That(images.dim() == 4 && images.shape[1] == 3, nameof(images), $"must be [B, 3, H, W], got [{string.Join(", ", images.shape)}]");
        var p = Config.PatchSize;
        Guard.That(images.shape[2] % p == 0 && images.shape[3] % p == 0, nameof(images), $"height and width must be multiples of the patch size {p}");
        using var scope = torch.NewDisposeScope();
        var x = patch_embed.forward(images);
        var b = x.shape[0];
        x = torch.cat([cls_token.expand(b, -1, -1), x], 1);
        var gh = (int)(images.shape[2] / p);
        var gw = (int)(images.shape[3] / p);
        var pos = gh == Config.GridSize && gw == Config.GridSize
            ? (Tensor)pos_embed
            : PositionEmbedding.Resample(pos_embed, (Config.GridSize, Config.GridSize), (gh, gw));
        return (x + pos).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public Tensor ForwardBlock(int index, Tensor tokens)
    {
        BackboneStages.CheckBlockCall(index, tokens, blocks.Count, Config.Width);
        return blocks[index].forward(tokens);
    }

    /// <inheritdoc />
    /// <remarks>timm's <c>norm</c> applied to every token (the output of <c>forward_features</c>).</remarks>
    public Tensor NormTokens(Tensor tokens)
    {
        BackboneStages.CheckTokens(tokens, Config.Width);
        return norm.forward(tokens);
    }

    /// <inheritdoc />
    /// <remarks>timm's class-token pooling: <c>norm</c> of token 0 (LayerNorm acts per token, so this equals token 0 of
    /// <see cref="NormTokens"/>).</remarks>
    public Tensor Pool(Tensor tokens)
    {
        BackboneStages.CheckTokens(tokens, Config.Width);
        using var cls = tokens.select(1, 0);
        return norm.forward(cls);
    }

    /// <summary>The classifier <c>head</c> on pooled features (identity when <see cref="VitConfig.NumClasses"/> is 0).</summary>
    /// <param name="pooled">Output of <see cref="Pool"/>, <c>[B, Width]</c>.</param>
    /// <returns>Logits <c>[B, classes]</c> (or a new handle on <paramref name="pooled"/> without a head).</returns>
    public Tensor ForwardHead(Tensor pooled)
    {
        ArgumentNullException.ThrowIfNull(pooled);
        return Config.NumClasses > 0 ? head.forward(pooled) : pooled.alias();
    }

    /// <inheritdoc />
    public BackboneActivations Forward(Tensor images, IReadOnlyCollection<int>? blocks = null)
        => BackboneStages.Collect(() => Embed(images), this.blocks.Count, blocks, ForwardBlock, NormTokens, (last, _) => Pool(last));
}
