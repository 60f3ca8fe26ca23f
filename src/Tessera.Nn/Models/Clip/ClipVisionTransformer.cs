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
/// embedding resampled bicubically (<see cref="PositionEmbedding.Resample"/>).</remarks>
public sealed class ClipVisionTransformer : nn.Module<Tensor, Tensor>
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

    /// <summary><c>encode_image</c>: <c>[B, 3, H, W]</c> normalised images → <c>[B, embed_dim]</c>.</summary>
    /// <param name="input">Images; H and W multiples of the patch size.</param>
    /// <returns>Projected class tokens (not normalised).</returns>
    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var tokens = transformer.forward(Embed(input));
        return Head(tokens).MoveToOuterDisposeScope();
    }

    /// <summary>Runs the tower and keeps the tokens after <c>ln_pre</c> and after every residual block.</summary>
    /// <param name="images">Images <c>[B, 3, H, W]</c>.</param>
    /// <returns>The activations (the caller owns and disposes them).</returns>
    public ClipVisionActivations ForwardWithActivations(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var scope = torch.NewDisposeScope();
        var lnPre = Embed(images);
        var blocks = new List<Tensor>();
        var last = transformer.ForwardCollecting(lnPre, blocks);
        var features = Head(last);
        return new ClipVisionActivations(lnPre.MoveToOuterDisposeScope(), blocks.Select(b => b.MoveToOuterDisposeScope()).ToList(),
            features.MoveToOuterDisposeScope());
    }

    /// <summary>Patchify, class token, positional embedding, <c>ln_pre</c> (inside the caller's dispose scope).</summary>
    private Tensor Embed(Tensor images)
    {
        Guard.That(images.dim() == 4 && images.shape[1] == 3, nameof(images), $"must be [B, 3, H, W], got [{string.Join(", ", images.shape)}]");
        Guard.That(images.shape[2] % _patch == 0 && images.shape[3] % _patch == 0, nameof(images), $"height and width must be multiples of the patch size {_patch}");
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
        return ln_pre.forward(x);
    }

    private Tensor Head(Tensor tokens)
    {
        var cls = ln_post.forward(tokens.select(1, 0));
        return cls.matmul(proj);
    }
}
