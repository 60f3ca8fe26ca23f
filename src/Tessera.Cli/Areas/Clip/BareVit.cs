using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Clip;

/// <summary>One block's weight tensors (borrowed, not owned).</summary>
internal sealed record BareBlockWeights(
    Tensor Norm1Weight, Tensor Norm1Bias, Tensor QkvWeight, Tensor QkvBias, Tensor ProjWeight, Tensor ProjBias,
    Tensor Norm2Weight, Tensor Norm2Bias, Tensor Fc1Weight, Tensor Fc1Bias, Tensor Fc2Weight, Tensor Fc2Bias);

/// <summary>All weight tensors of a ViT (borrowed from the module, not owned).</summary>
internal sealed record BareVitWeights(
    Tensor PatchWeight, Tensor PatchBias, Tensor ClassToken, Tensor Positions, IReadOnlyList<BareBlockWeights> Blocks,
    Tensor NormWeight, Tensor NormBias, Tensor HeadWeight, Tensor HeadBias);

/// <summary>
/// The same ViT as Tessera.Nn's <c>VisionTransformer</c> written as bare TorchSharp functional calls (conv2d, linear,
/// layer_norm, scaled_dot_product_attention, gelu) on the same weight tensors: the baseline that measures
/// what the module layer costs.
/// </summary>
internal static class BareVit
{
    /// <summary>Borrows the parameter tensors of a Tessera.Nn ViT by their timm state-dict names (no copies).</summary>
    public static BareVitWeights WeightsOf(nn.Module model, int depth)
    {
        var p = model.named_parameters().ToDictionary(x => x.name, x => (Tensor)x.parameter, StringComparer.Ordinal);
        var blocks = Enumerable.Range(0, depth).Select(i =>
        {
            var b = $"blocks.{i}.";
            return new BareBlockWeights(
                p[b + "norm1.weight"], p[b + "norm1.bias"], p[b + "attn.qkv.weight"], p[b + "attn.qkv.bias"], p[b + "attn.proj.weight"], p[b + "attn.proj.bias"],
                p[b + "norm2.weight"], p[b + "norm2.bias"], p[b + "mlp.fc1.weight"], p[b + "mlp.fc1.bias"], p[b + "mlp.fc2.weight"], p[b + "mlp.fc2.bias"]);
        }).ToList();
        return new BareVitWeights(p["patch_embed.proj.weight"], p["patch_embed.proj.bias"], p["cls_token"], p["pos_embed"], blocks,
            p["norm.weight"], p["norm.bias"], p["head.weight"], p["head.bias"]);
    }

    public static Tensor Forward(BareVitWeights w, BenchVitConfig config, Tensor input)
    {
        var width = config.Width;
        long[] normShape = [width];
        var x = F.conv2d(input, w.PatchWeight, w.PatchBias, strides: [config.PatchSize, config.PatchSize]).flatten(2).transpose(1, 2);
        var batch = x.shape[0];
        x = torch.cat([w.ClassToken.expand(batch, -1, -1), x], dim: 1) + w.Positions;
        var tokens = x.shape[1];
        foreach (var b in w.Blocks)
        {
            var h = F.layer_norm(x, normShape, b.Norm1Weight, b.Norm1Bias, 1e-6);
            var qkv = F.linear(h, b.QkvWeight, b.QkvBias).reshape(batch, tokens, 3, config.Heads, width / config.Heads).permute(2, 0, 3, 1, 4);
            var o = F.scaled_dot_product_attention(qkv[0], qkv[1], qkv[2]).transpose(1, 2).reshape(batch, tokens, width);
            x = x + F.linear(o, b.ProjWeight, b.ProjBias);
            h = F.layer_norm(x, normShape, b.Norm2Weight, b.Norm2Bias, 1e-6);
            x = x + F.linear(F.gelu(F.linear(h, b.Fc1Weight, b.Fc1Bias)), b.Fc2Weight, b.Fc2Bias);
        }
        x = F.layer_norm(x, normShape, w.NormWeight, w.NormBias, 1e-6).select(1, 0);
        return F.linear(x, w.HeadWeight, w.HeadBias);
    }
}
