using Tessera.Core.Errors;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Nn.Layers;

/// <summary>Multi-head self-attention with q, k, v projected by one fused matrix (rows q, then k, then v).</summary>
internal static class AttentionMath
{
    /// <summary>Checks an attention layer's sizes: both positive, <paramref name="heads"/> dividing <paramref name="width"/>.</summary>
    /// <exception cref="TesseraArgumentException">Named <c>width</c> or <c>heads</c>, with the rule broken.</exception>
    public static void CheckSizes(int width, int heads)
    {
        Guard.Positive(width);
        Guard.Positive(heads);
        Guard.That(width % heads == 0, nameof(heads), $"must divide the width {width}");
    }

    /// <summary>
    /// softmax(q kᵀ / √d + mask) v per head, then the output projection. <paramref name="x"/> is batch-first
    /// <c>[B, N, C]</c>; <paramref name="inWeight"/> is <c>[3C, C]</c> like <c>nn.MultiheadAttention.in_proj_weight</c>
    /// and timm's <c>qkv.weight</c>.
    /// </summary>
    public static Tensor SelfAttention(Tensor x, Tensor inWeight, Tensor? inBias, Tensor outWeight, Tensor? outBias, int heads, bool causal)
    {
        var b = x.shape[0];
        var n = x.shape[1];
        var c = x.shape[2];
        using var qkv = nn.functional.linear(x, inWeight, inBias);
        using var split = qkv.view(b, n, 3, heads, c / heads).permute(2, 0, 3, 1, 4);
        using var q = split[0];
        using var k = split[1];
        using var v = split[2];
        using var attended = nn.functional.scaled_dot_product_attention(q, k, v, is_casual: causal);
        using var merged = attended.transpose(1, 2).reshape(b, n, c);
        return nn.functional.linear(merged, outWeight, outBias);
    }
}
