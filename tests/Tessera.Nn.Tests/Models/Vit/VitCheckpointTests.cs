using Tessera.Nn.Models.Vit;
using Tessera.Nn.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Nn.Tests.Models.Vit;

public sealed class VitCheckpointTests
{
    /// <summary>Writes a timm state dict in VPT's layout (q, k, v split; VPT names), independently of the converter.</summary>
    private static StateDict ToVptLayout(StateDict timm, int depth, int width)
    {
        var vpt = new StateDict();
        vpt.Add("transformer.embeddings.cls_token", timm["cls_token"].clone());
        vpt.Add("transformer.embeddings.position_embeddings", timm["pos_embed"].clone());
        vpt.Add("transformer.embeddings.patch_embeddings.weight", timm["patch_embed.proj.weight"].clone());
        vpt.Add("transformer.embeddings.patch_embeddings.bias", timm["patch_embed.proj.bias"].clone());
        for (var i = 0; i < depth; i++)
        {
            var s = $"transformer.encoder.layer.{i}.";
            var d = $"blocks.{i}.";
            foreach (var kind in new[] { "weight", "bias" })
            {
                vpt.Add($"{s}attention_norm.{kind}", timm[$"{d}norm1.{kind}"].clone());
                vpt.Add($"{s}ffn_norm.{kind}", timm[$"{d}norm2.{kind}"].clone());
                vpt.Add($"{s}ffn.fc1.{kind}", timm[$"{d}mlp.fc1.{kind}"].clone());
                vpt.Add($"{s}ffn.fc2.{kind}", timm[$"{d}mlp.fc2.{kind}"].clone());
                vpt.Add($"{s}attn.out.{kind}", timm[$"{d}attn.proj.{kind}"].clone());
                var qkv = timm[$"{d}attn.qkv.{kind}"];
                vpt.Add($"{s}attn.query.{kind}", qkv.narrow(0, 0, width).clone());
                vpt.Add($"{s}attn.key.{kind}", qkv.narrow(0, width, width).clone());
                vpt.Add($"{s}attn.value.{kind}", qkv.narrow(0, 2 * width, width).clone());
            }
        }
        vpt.Add("transformer.encoder.encoder_norm.weight", timm["norm.weight"].clone());
        vpt.Add("transformer.encoder.encoder_norm.bias", timm["norm.bias"].clone());
        vpt.Add("head.weight", timm["head.weight"].clone());
        vpt.Add("head.bias", timm["head.bias"].clone());
        return vpt;
    }

    [Fact]
    public void Load_VptLayout_GivesSameOutputsAsTimmModel()
    {
        var config = VitConfig.Tiny;
        torch.manual_seed(11);
        using var source = new VisionTransformer(config);
        using var timm = StateDict.FromModule(source);
        using var vpt = ToVptLayout(timm, config.Depth, config.Width);
        using var target = new VisionTransformer(config);

        Assert.Equal(VitCheckpointLayout.Vpt, VitCheckpoint.Detect(vpt));
        var report = VitCheckpoint.Load(target, vpt);

        Assert.True(report.IsComplete);
        source.eval();
        target.eval();
        using var noGrad = torch.no_grad();
        using var x = torch.randn(2, 3, 32, 32);
        using var a = source.forward(x);
        using var b = target.forward(x);
        Assert.True(a.eq(b).all().item<bool>());
    }

    [Fact]
    public void Load_CheckpointWithOtherGrid_ResamplesPositionEmbedding()
    {
        using var source = new VisionTransformer(VitConfig.Tiny with { ImageSize = 48 });
        using var weights = StateDict.FromModule(source);
        using var target = new VisionTransformer(VitConfig.Tiny);

        var report = VitCheckpoint.Load(target, weights);

        Assert.True(report.IsComplete);
        Assert.Contains("pos_embed", report.Loaded);
    }

    [Fact]
    public void ToTimm_DoesNotModifyInput()
    {
        using var source = new VisionTransformer(VitConfig.Tiny);
        using var timm = StateDict.FromModule(source);
        using var vpt = ToVptLayout(timm, 2, 32);
        var keys = vpt.Keys.ToList();

        using var converted = VitCheckpoint.ToTimm(vpt);

        Assert.Equal(keys, vpt.Keys);
        Assert.Equal(timm.Keys.Order(StringComparer.Ordinal), converted.Keys.Order(StringComparer.Ordinal));
    }
}
