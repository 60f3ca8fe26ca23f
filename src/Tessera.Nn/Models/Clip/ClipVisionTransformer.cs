using System.Diagnostics.CodeAnalysis;
using Tessera.Core.Errors;
using Tessera.Nn.Layers;
using Tessera.Nn.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tessera.Nn.Models.Clip;

/// <summary>
/// CLIP's image tower (<c>clip.model.VisionTransformer</c>): <c>conv1</c> patchify → prepend
/// <c>class_embedding</c> → <c>+ positional_embedding</c> → <c>ln_pre</c> → <c>transformer</c> → <c>ln_post</c> of
/// token 0 → <c>@ proj</c>.
/// </summary>
/// <remarks>Images of another size than the configured resolution (a multiple of the patch size) get the positional
/// embedding resampled bicubically (<see cref="PositionEmbedding.Resample"/>). The stages of <see cref="IVisionBackbone"/> are
/// public and <see cref="forward"/> is composed from them; <see cref="ProjectTokens"/> projects every token.</remarks>
[SuppressMessage("Naming", "CA1708", Justification = "TorchSharp names the module call forward; Forward is the IVisionBackbone activations API.")]
public sealed class ClipVisionTransformer : nn.Module<Tensor, Tensor>, IVisionBackbone
{
    private readonly Conv2d conv1;
    private readonly Parameter class_embedding;
    private readonly Parameter positional_embedding;
    private readonly LayerNorm ln_pre;
    private readonly ClipTransformer transformer;
    private readonly LayerNorm ln_post;
    private readonly Parameter proj;
    private readonly int _grid;
    private readonly int _patch;
    private readonly int _width;
    private readonly int _embedDim;

    /// <summary>Creates the tower from a CLIP configuration.</summary>
    /// <param name="config">Sizes (validated).</param>
    /// <exception cref="TesseraArgumentException">The configuration is inconsistent.</exception>
    public ClipVisionTransformer(ClipConfig config) : base(ModuleBase.Name(nameof(ClipVisionTransformer)))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        var w = config.VisionWidth;
        _grid = config.GridSize;
        _patch = config.VisionPatchSize;
        _width = w;
        _embedDim = config.EmbedDim;
        conv1 = nn.Conv2d(3, w, _patch, stride: _patch, bias: false);
        var scale = 1.0 / Math.Sqrt(w);
        class_embedding = new Parameter(torch.randn(w) * scale);
        positional_embedding = new Parameter(torch.randn((_grid * _grid) + 1, w) * scale);
        ln_pre = nn.LayerNorm(w, 1e-5);
        transformer = new ClipTransformer(w, config.VisionLayers, config.VisionHeads, causal: false);
        ln_post = nn.LayerNorm(w, 1e-5);
        proj = new Parameter(torch.randn(w, config.EmbedDim) * scale);
        RegisterComponents();
    }

    /// <inheritdoc />
    public int Width => _width;

    /// <inheritdoc />
    public int Depth => transformer.Layers;

    /// <inheritdoc />
    public int PatchSize => _patch;

    /// <inheritdoc />
    public int PrefixTokenCount => 1;

    /// <inheritdoc />
    public int OutputDim => _embedDim;

    /// <summary><c>encode_image</c>: <c>[B, 3, H, W]</c> normalised images → <c>[B, embed_dim]</c>, i.e.
    /// <c>Pool(blocks(Embed(images)))</c>.</summary>
    /// <param name="input">Images; H and W multiples of the patch size.</param>
    /// <returns>Projected class tokens (not normalised).</returns>
    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var embedded = Embed(input);
        var last = BackboneStages.RunBlocks(embedded, Depth, ForwardBlock);
        return Pool(last).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    /// <remarks><c>conv1</c> patchify → prepend <c>class_embedding</c> → <c>+ positional_embedding</c> (resampled
    /// bicubically for another grid) → <c>ln_pre</c>.</remarks>
    public Tensor Embed(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        Guard.That(images.dim() == 4 && images.shape[1] == 3, nameof(images), $"must be [B, 3, H, W], got [{string.Join(", ", images.shape)}]");
        Guard.That(images.shape[2] % _patch == 0 && images.shape[3] % _patch == 0, nameof(images), $"height and width must be multiples of the patch size {_patch}");
        using var scope = torch.NewDisposeScope();
        var x = PatchEmbed.Patchify(conv1, images.to(conv1.weight!.dtype));
        var b = x.shape[0];
        var cls = class_embedding.to(x.dtype).reshape(1, 1, -1).expand(b, 1, -1);
        x = torch.cat([cls, x], 1);
        var gh = (int)(images.shape[2] / _patch);
        var gw = (int)(images.shape[3] / _patch);
        var pos = gh == _grid && gw == _grid
            ? (Tensor)positional_embedding
            : PositionEmbedding.Resample(positional_embedding, (_grid, _grid), (gh, gw), 1, antialias: false);
        x = x + pos.to(x.dtype);
        return ln_pre.forward(x).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public Tensor ForwardBlock(int index, Tensor tokens)
    {
        BackboneStages.CheckBlockCall(index, tokens, Depth, _width);
        return transformer.ForwardBlock(index, tokens);
    }

    /// <inheritdoc />
    /// <remarks><c>ln_post</c> of every token (not projected; see <see cref="ProjectTokens"/>).</remarks>
    public Tensor NormTokens(Tensor tokens)
    {
        BackboneStages.CheckTokens(tokens, _width);
        return ln_post.forward(tokens);
    }

    /// <inheritdoc />
    /// <remarks><c>ln_post(tokens[:, 0]) @ proj</c>, the image features of <c>encode_image</c>.</remarks>
    public Tensor Pool(Tensor tokens)
    {
        BackboneStages.CheckTokens(tokens, _width);
        using var cls = tokens.select(1, 0);
        using var normed = ln_post.forward(cls);
        return normed.matmul(proj);
    }

    /// <summary>
    /// <c>ln_post(tokens) @ proj</c> for every token: language-compatible dense features (DenseCLIP's ViT path, MaskCLIP).
    /// </summary>
    /// <param name="tokens">Tokens <c>[B, T, width]</c>, e.g. the output of the last block.</param>
    /// <returns>Projected tokens <c>[B, T, embed_dim]</c>; token 0 equals <see cref="Pool"/>.</returns>
    /// <exception cref="TesseraArgumentException">The tokens are not <c>[B, T, width]</c>.</exception>
    public Tensor ProjectTokens(Tensor tokens)
    {
        BackboneStages.CheckTokens(tokens, _width);
        using var normed = ln_post.forward(tokens);
        return normed.matmul(proj);
    }

    /// <inheritdoc />
    public BackboneActivations Forward(Tensor images, IReadOnlyCollection<int>? blocks = null)
        => BackboneStages.Collect(() => Embed(images), Depth, blocks, ForwardBlock, NormTokens, (last, _) => Pool(last));
}
