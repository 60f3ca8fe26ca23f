using Tessera.Core.Errors;
using Tessera.Nn.Models.Clip;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tessera.Dense.DenseClip;

/// <summary>
/// DenseCLIP's <c>CLIPVisionTransformer</c> (patch 16, <c>get_embeddings=True</c>): CLIP's ViT image tower with the
/// positional grid resized bilinearly (<c>align_corners=False</c>) to the input's patch grid on every call, the class
/// position being <c>positional_embedding[0] + class_embedding</c> (so the class embedding enters the class token twice,
/// as upstream); the patch tokens after the blocks in <c>out_indices</c> feed four FPN adapters (<c>fpn1</c>: ×4 by two
/// transposed convolutions, <c>fpn2</c>: ×2, <c>fpn3</c>: ×1, <c>fpn4</c>: ÷2 max pool) and <c>ln_post(tokens) @ proj</c>
/// gives the global and dense embeddings. Keys: CLIP's <c>visual.*</c> names without the prefix, plus <c>fpn1..4</c>.
/// </summary>
public sealed class DenseClipVisionTransformer : nn.Module<Tensor, DenseClipFeatures>
{
#pragma warning disable IDE1006 // PyTorch state-dict names
    private readonly Conv2d conv1;
    private readonly Parameter class_embedding;
    private readonly Parameter positional_embedding;
    private readonly LayerNorm ln_pre;
    private readonly ClipTransformer transformer;
    private readonly LayerNorm ln_post;
    private readonly Parameter proj;
    private readonly Sequential fpn1;
    private readonly Sequential fpn2;
    private readonly GroupNorm fpn3;
    private readonly Sequential fpn4;
#pragma warning restore IDE1006
    private readonly int _patch;
    private readonly int _spatial;
    private readonly int[] _outIndices;

    /// <summary>Creates the tower.</summary>
    /// <param name="inputResolution">Resolution the positional embedding is sized for.</param>
    /// <param name="width">Token width.</param>
    /// <param name="layers">Blocks.</param>
    /// <param name="heads">Attention heads.</param>
    /// <param name="outputDim">CLIP embedding size.</param>
    /// <param name="outIndices">The four blocks whose patch tokens feed <c>fpn1..4</c> (ViT-B: 3, 5, 7, 11).</param>
    /// <param name="patchSize">Patch size; only 16 (the FPN adapters of upstream's patch-16 branch).</param>
    public DenseClipVisionTransformer(int inputResolution, int width, int layers, int heads, int outputDim, IReadOnlyList<int> outIndices, int patchSize = 16)
        : base(DenseModuleBase.Name(nameof(DenseClipVisionTransformer)))
    {
        ArgumentNullException.ThrowIfNull(outIndices);
        Guard.That(patchSize == 16, nameof(patchSize), "must be 16 (the FPN adapters of DenseCLIP's ViT-B/16 configuration)");
        Guard.That(outIndices.Count == 4 && outIndices.All(i => i >= 0 && i < layers), nameof(outIndices), $"must name four blocks in [0, {layers})");
        Guard.That(inputResolution % patchSize == 0, nameof(inputResolution), $"must be a multiple of the patch size {patchSize}");
        _patch = patchSize;
        _spatial = inputResolution / patchSize;
        _outIndices = [.. outIndices];
        var scale = 1.0 / Math.Sqrt(width);
        conv1 = nn.Conv2d(3, width, patchSize, stride: patchSize, bias: false);
        class_embedding = new Parameter(torch.randn(width) * scale);
        positional_embedding = new Parameter(torch.randn((_spatial * _spatial) + 1, width) * scale);
        ln_pre = nn.LayerNorm(width, 1e-5);
        transformer = new ClipTransformer(width, layers, heads, causal: false);
        ln_post = nn.LayerNorm(width, 1e-5);
        proj = new Parameter(torch.randn(width, outputDim) * scale);
        fpn1 = nn.Sequential(("0", nn.GroupNorm(1, width)), ("1", nn.ConvTranspose2d(width, width, 2, stride: 2)), ("2", nn.BatchNorm2d(width)),
            ("3", nn.GELU()), ("4", nn.ConvTranspose2d(width, width, 2, stride: 2)));
        fpn2 = nn.Sequential(("0", nn.GroupNorm(1, width)), ("1", nn.ConvTranspose2d(width, width, 2, stride: 2)));
        fpn3 = nn.GroupNorm(1, width);
        fpn4 = nn.Sequential(("0", nn.GroupNorm(1, width)), ("1", nn.MaxPool2d(2, 2)));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override DenseClipFeatures forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Guard.That(input.dim() == 4 && input.shape[1] == 3, nameof(input), $"must be [B, 3, H, W], got [{string.Join(", ", input.shape)}]");
        Guard.That(input.shape[2] % _patch == 0 && input.shape[3] % _patch == 0, nameof(input), $"height and width must be multiples of {_patch}");
        using var scope = torch.NewDisposeScope();
        var x = conv1.forward(input.to(conv1.weight!.dtype));
        var b = x.shape[0];
        var c = x.shape[1];
        var h = x.shape[2];
        var w = x.shape[3];
        x = x.reshape(b, c, h * w).permute(0, 2, 1);
        x = torch.cat([class_embedding.reshape(1, 1, c).expand(b, 1, c), x], 1);
        var clsPos = positional_embedding.select(0, 0) + class_embedding;
        var grid = positional_embedding.narrow(0, 1, (long)_spatial * _spatial).reshape(1, _spatial, _spatial, c).permute(0, 3, 1, 2);
        var spatial = nn.functional.interpolate(grid, [h, w], mode: InterpolationMode.Bilinear, align_corners: false).reshape(1, c, h * w).permute(0, 2, 1);
        x = x + torch.cat([clsPos.reshape(1, 1, c), spatial], 1);
        x = ln_pre.forward(x);
        var blocks = new List<Tensor>();
        for (var i = 0; i < transformer.Layers; i++)
        {
            x = transformer.ForwardBlock(i, x);
            blocks.Add(x);
        }
        var ops = new nn.Module<Tensor, Tensor>[] { fpn1, fpn2, fpn3, fpn4 };
        var maps = new List<Tensor>();
        for (var i = 0; i < _outIndices.Length; i++)
        {
            var tokens = blocks[_outIndices[i]].narrow(1, 1, h * w).permute(0, 2, 1).reshape(b, c, h, w).contiguous();
            maps.Add(ops[i].forward(tokens));
        }
        var embedded = ln_post.forward(x).matmul(proj);
        var global = embedded.select(1, 0).contiguous();
        var dense = embedded.narrow(1, 1, h * w).reshape(b, h, w, -1).permute(0, 3, 1, 2).contiguous();
        return new DenseClipFeatures(maps, global, dense).MoveToOuterDisposeScope();
    }
}
