using Tessera.Core.Errors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tessera.Dense.DenseClip;

/// <summary>
/// DenseCLIP's <c>AttentionPool2d</c>: CLIP's attention pool turned into a dense, language-compatible feature map.
/// Tokens = the mean of the map followed by every position; positional embedding = row 0 plus the grid rows resized
/// bilinearly (<c>align_corners=False</c>) to the map's size on every call; multi-head attention in which every token
/// queries every token (CLIP's own pool queries only the mean); <c>c_proj</c> to the output width. Token 0 is the global
/// embedding, the others the dense map. Keys: <c>positional_embedding</c>, <c>q_proj</c>, <c>k_proj</c>, <c>v_proj</c>,
/// <c>c_proj</c> (OpenAI's RN50 <c>visual.attnpool.*</c> names).
/// </summary>
public sealed class DenseAttentionPool2d : nn.Module<Tensor, (Tensor Global, Tensor Dense)>
{
#pragma warning disable IDE1006 // PyTorch state-dict names
    private readonly Parameter positional_embedding;
    private readonly Linear k_proj;
    private readonly Linear q_proj;
    private readonly Linear v_proj;
    private readonly Linear c_proj;
#pragma warning restore IDE1006
    private readonly int _spatial;
    private readonly int _heads;

    /// <summary>Creates the pool.</summary>
    /// <param name="spatialDim">Side of the grid the positional embedding was trained for (input resolution / 32).</param>
    /// <param name="embedDim">Input channels.</param>
    /// <param name="heads">Attention heads (DenseCLIP hard-codes 32).</param>
    /// <param name="outputDim">Output width (CLIP's embedding size).</param>
    public DenseAttentionPool2d(int spatialDim, int embedDim, int heads, int outputDim) : base(DenseModuleBase.Name(nameof(DenseAttentionPool2d)))
    {
        Guard.That(heads > 0 && embedDim % heads == 0, nameof(heads), $"must be positive and divide the width {embedDim}");
        _spatial = spatialDim;
        _heads = heads;
        positional_embedding = new Parameter(torch.randn((spatialDim * spatialDim) + 1, embedDim) / Math.Sqrt(embedDim));
        k_proj = nn.Linear(embedDim, embedDim);
        q_proj = nn.Linear(embedDim, embedDim);
        v_proj = nn.Linear(embedDim, embedDim);
        c_proj = nn.Linear(embedDim, outputDim);
        RegisterComponents();
    }

    /// <summary>Pools <c>[B, C, H, W]</c> into the global embedding <c>[B, E]</c> and the dense map <c>[B, E, H, W]</c>.</summary>
    /// <param name="input">Feature map.</param>
    /// <returns>Global and dense embeddings.</returns>
    public override (Tensor Global, Tensor Dense) forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var b = input.shape[0];
        var c = input.shape[1];
        var h = input.shape[2];
        var w = input.shape[3];
        var tokens = input.reshape(b, c, h * w).permute(0, 2, 1);
        tokens = torch.cat([tokens.mean([1], keepdim: true), tokens], 1);
        var grid = positional_embedding.narrow(0, 1, (long)_spatial * _spatial).reshape(1, _spatial, _spatial, c).permute(0, 3, 1, 2);
        var resized = nn.functional.interpolate(grid, [h, w], mode: InterpolationMode.Bilinear, align_corners: false);
        var pos = torch.cat([positional_embedding.narrow(0, 0, 1), resized.reshape(c, h * w).permute(1, 0)], 0);
        tokens = tokens + pos.unsqueeze(0);
        var n = tokens.shape[1];
        var d = c / _heads;
        var q = q_proj.forward(tokens).view(b, n, _heads, d).transpose(1, 2);
        var k = k_proj.forward(tokens).view(b, n, _heads, d).transpose(1, 2);
        var v = v_proj.forward(tokens).view(b, n, _heads, d).transpose(1, 2);
        var attended = nn.functional.scaled_dot_product_attention(q, k, v).transpose(1, 2).reshape(b, n, c);
        var output = c_proj.forward(attended);
        var global = output.select(1, 0);
        var dense = output.narrow(1, 1, h * w).permute(0, 2, 1).reshape(b, -1, h, w);
        return (global.contiguous().MoveToOuterDisposeScope(), dense.contiguous().MoveToOuterDisposeScope());
    }
}
