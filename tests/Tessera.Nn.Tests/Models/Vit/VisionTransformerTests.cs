using Tessera.Core.Errors;
using Tessera.Nn.Models.Vit;
using Tessera.Nn.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Nn.Tests.Models.Vit;

public sealed class VisionTransformerTests
{
    private static readonly VitConfig Small = VitConfig.Tiny;

    private static IEnumerable<string> TimmKeys(VitConfig c)
    {
        yield return "cls_token";
        yield return "pos_embed";
        yield return "patch_embed.proj.weight";
        yield return "patch_embed.proj.bias";
        for (var i = 0; i < c.Depth; i++)
        {
            foreach (var k in new[] { "norm1.weight", "norm1.bias", "attn.qkv.weight", "attn.qkv.bias", "attn.proj.weight", "attn.proj.bias",
                         "norm2.weight", "norm2.bias", "mlp.fc1.weight", "mlp.fc1.bias", "mlp.fc2.weight", "mlp.fc2.bias" })
            {
                yield return $"blocks.{i}.{k}";
            }
        }
        yield return "norm.weight";
        yield return "norm.bias";
        yield return "head.weight";
        yield return "head.bias";
    }

    [Fact]
    public void StateDict_Tiny_HasExactlyTimmKeysAndShapes()
    {
        using var model = new VisionTransformer(Small);
        using var sd = StateDict.FromModule(model);

        Assert.Equal(TimmKeys(Small).Order(StringComparer.Ordinal), sd.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([1L, 17L, 32L], sd["pos_embed"].shape);
        Assert.Equal([96L, 32L], sd["blocks.1.attn.qkv.weight"].shape);
        Assert.Equal([128L, 32L], sd["blocks.0.mlp.fc1.weight"].shape);
        Assert.Equal([32L, 3L, 8L, 8L], sd["patch_embed.proj.weight"].shape);
    }

    [Fact]
    public void Forward_Tiny_GivesLogitsAndRequestedLayers()
    {
        torch.manual_seed(0);
        using var model = new VisionTransformer(Small);
        model.eval();
        using var noGrad = torch.no_grad();
        using var x = torch.randn(2, 3, 32, 32);

        using var logits = model.forward(x);
        using var features = model.Forward(x, [0, 1]);

        Assert.Equal([2L, 10L], logits.shape);
        Assert.Equal([2L, 17L, 32L], features.Tokens.shape);
        Assert.Equal([0, 1], features.Blocks.Keys);
        Assert.All(features.Blocks.Values, t => Assert.Equal([2L, 17L, 32L], t.shape));
    }

    [Fact]
    public void Pool_IsNormOfClassToken_SameAsTokenZeroOfNormTokens_HeadGivesLogits()
    {
        torch.manual_seed(2);
        using var model = new VisionTransformer(Small);
        model.eval();
        using var noGrad = torch.no_grad();
        using var x = torch.randn(2, 3, 32, 32);

        using var activations = model.Forward(x);
        using var token0 = activations.Tokens.select(1, 0);
        using var logits = model.ForwardHead(activations.Pooled);
        using var expected = model.forward(x);

        Assert.True(activations.Pooled.eq(token0).all().item<bool>());
        Assert.True(logits.eq(expected).all().item<bool>());
        Assert.Equal((32, 2, 8, 1, 32), (model.Width, model.Depth, model.PatchSize, model.PrefixTokenCount, model.OutputDim));
    }

    [Fact]
    public void ForwardHead_NoClasses_ReturnsPooledFeatures()
    {
        using var model = new VisionTransformer(Small with { NumClasses = 0 });
        model.eval();
        using var noGrad = torch.no_grad();
        using var x = torch.randn(1, 3, 32, 32);

        using var features = model.forward(x);
        using var activations = model.Forward(x);

        Assert.Equal([1L, 32L], features.shape);
        Assert.True(features.eq(activations.Pooled).all().item<bool>());
    }

    [Fact]
    public void Forward_OtherImageSize_InterpolatesPositionEmbedding()
    {
        using var model = new VisionTransformer(Small);
        model.eval();
        using var noGrad = torch.no_grad();
        using var x = torch.randn(1, 3, 48, 40);

        using var features = model.Forward(x);

        Assert.Equal([1L, 1L + (6 * 5), 32L], features.Tokens.shape);
    }

    [Fact]
    public void Forward_SameSeed_SameOutput_InputUntouched()
    {
        torch.manual_seed(5);
        using var a = new VisionTransformer(Small);
        torch.manual_seed(5);
        using var b = new VisionTransformer(Small);
        a.eval();
        b.eval();
        using var noGrad = torch.no_grad();
        using var x = torch.randn(1, 3, 32, 32);
        using var copy = x.clone();

        using var ya = a.forward(x);
        using var yb = b.forward(x);

        Assert.True(ya.eq(yb).all().item<bool>());
        Assert.True(x.eq(copy).all().item<bool>());
    }

    [Fact]
    public void Forward_BadShapeOrBlock_ThrowNamingArgument()
    {
        using var model = new VisionTransformer(Small);
        using var bad = torch.zeros(1, 3, 30, 32);
        using var ok = torch.zeros(1, 3, 32, 32);
        Assert.Equal("images", Assert.Throws<TesseraArgumentException>(() => model.Forward(bad)).ParamName);
        Assert.Equal("blocks", Assert.Throws<TesseraArgumentException>(() => model.Forward(ok, [2])).ParamName);
    }

    [Fact]
    public void Config_Invalid_ThrowsNamingProperty()
    {
        Assert.Equal("Heads", Assert.Throws<TesseraArgumentException>(() => (Small with { Heads = 3 }).Validate()).ParamName);
        Assert.Equal("ImageSize", Assert.Throws<TesseraArgumentException>(() => (Small with { ImageSize = 30 }).Validate()).ParamName);
    }

    [Fact]
    public void Variants_B16AndL14_HaveReferenceSizes()
    {
        Assert.Equal((224, 16, 768, 12, 12), (VitConfig.B16.ImageSize, VitConfig.B16.PatchSize, VitConfig.B16.Width, VitConfig.B16.Depth, VitConfig.B16.Heads));
        Assert.Equal((224, 14, 1024, 24, 16), (VitConfig.L14.ImageSize, VitConfig.L14.PatchSize, VitConfig.L14.Width, VitConfig.L14.Depth, VitConfig.L14.Heads));
        Assert.Equal(3072, VitConfig.B16.MlpHidden);
    }
}
