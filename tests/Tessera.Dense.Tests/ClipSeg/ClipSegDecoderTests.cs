using Tessera.Core.Errors;
using Tessera.Dense.ClipSeg;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Dense.Tests.ClipSeg;

[Collection(TorchRngGroup.Name)]
public sealed class ClipSegDecoderTests
{
    /// <summary>Parameters of one PyTorch TransformerEncoderLayer(d, heads, ff), counted from its parts.</summary>
    private static long EncoderLayer(long d, long ff) => (3 * d * d) + (3 * d) + (d * d) + d + (d * ff) + ff + (ff * d) + d + (4 * d);

    private static long Linear(long i, long o) => (i * o) + o;

    [Fact]
    public void UsedParameterCount_ViTB32SizesAtD64_IsThePapers1122305()
    {
        // The paper's 1,122,305 = FiLM + 3 reductions + 3 blocks + a 32 × 32 transposed convolution (patch 32), without
        // the unused `reduce`; the ViT-B/16 head (16 × 16 kernel) gives 1,073,153 (1,122,369 with `reduce`).
        using var decoder = new ClipSegDecoder(ClipSegConfig.Rd64 with { PatchSize = 32 });
        Assert.Equal(1_122_305, decoder.UsedParameterCount);
    }

    [Fact]
    public void ParameterCount_ViTB16AtD64_MatchesTheArchitecture()
    {
        using var decoder = new ClipSegDecoder(ClipSegConfig.Rd64);
        var used = (2 * Linear(512, 64)) + (3 * Linear(768, 64)) + (3 * EncoderLayer(64, 2048)) + (64 * 16 * 16) + 1;
        Assert.Equal(used, decoder.UsedParameterCount);
        Assert.Equal(used + Linear(768, 64), decoder.ParameterCount);
        Assert.Equal(1_073_153, decoder.UsedParameterCount);
    }

    [Fact]
    public void StateDictKeys_Refined_AreTheReleasedCheckpointKeys()
    {
        using var decoder = new ClipSegDecoder(ClipSegConfig.Rd64Refined);
        var keys = decoder.state_dict().Keys.ToHashSet();
        Assert.Contains("trans_conv.0.weight", keys);
        Assert.Contains("trans_conv.2.weight", keys);
        Assert.Contains("trans_conv.4.bias", keys);
        Assert.Contains("blocks.2.self_attn.in_proj_weight", keys);
        Assert.Contains("blocks.0.norm2.bias", keys);
        Assert.Contains("reduces.1.weight", keys);
        Assert.Contains("film_add.bias", keys);
        Assert.Contains("reduce.weight", keys);
        Assert.Equal(6 + 6 + 6 + (3 * 12), keys.Count);
    }

    [Fact]
    public void Forward_TinySizes_GivesPatchTimesGridLogits()
    {
        torch.manual_seed(1);
        var config = new ClipSegConfig { ReduceDim = 8, Heads = 2, FeedForward = 16, ConditionalDim = 6, VisionWidth = 10, PatchSize = 4, ExtractLayers = [0, 1] };
        using var decoder = new ClipSegDecoder(config);
        decoder.eval();
        using var scope = torch.NewDisposeScope();
        var acts = new[] { torch.randn(2, 1 + 6, 10), torch.randn(2, 1 + 6, 10) };
        var cond = torch.randn(2, 6);
        var tokens = decoder.Tokens(acts, cond, 2, 3);
        Assert.Equal([2L, 8, 2, 3], tokens.shape);
        Assert.Equal([2L, 1, 8, 12], decoder.Upsample(tokens).shape);
        // FiLM: another conditional vector changes the output.
        var other = decoder.Tokens(acts, cond * 2, 2, 3);
        Assert.True((tokens - other).abs().max().item<float>() > 1e-4);
    }

    [Fact]
    public void Tokens_WrongActivationCount_ThrowsNamingActivations()
    {
        using var decoder = new ClipSegDecoder(new ClipSegConfig { ReduceDim = 8, Heads = 2, FeedForward = 16, ConditionalDim = 6, VisionWidth = 10, PatchSize = 4 });
        using var a = torch.zeros(1, 5, 10);
        using var c = torch.zeros(1, 6);
        var e = Assert.Throws<TesseraArgumentException>(() => decoder.Tokens([a], c, 2, 2));
        Assert.Contains("activations", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_HeadsNotDividingWidth_IsRejected()
    {
        Assert.Throws<TesseraArgumentException>(() => new ClipSegConfig { ReduceDim = 10, Heads = 4 }.Validate());
        Assert.Throws<TesseraArgumentException>(() => new ClipSegConfig { ExtractLayers = [7, 3] }.Validate());
    }

    [Theory]
    [InlineData("clipseg_rd64_refined.safetensors", 64, true)]
    [InlineData("clipseg_rd16_plain.safetensors", 16, false)]
    public void FromCheckpoint_FixtureDecoders_InfersWidthAndHead(string file, int d, bool complex)
    {
        using var weights = Tessera.Nn.Weights.CheckpointReader.Read(Tessera.TestSupport.SharedFixtures.Get("models", "clipseg", file));
        var clip = new Tessera.Nn.Models.Clip.ClipConfig { EmbedDim = 32, VisionWidth = 64, VisionPatchSize = 16 };
        var config = ClipSegConfig.FromCheckpoint(weights, clip);
        Assert.Equal(d, config.ReduceDim);
        Assert.Equal(complex, config.ComplexTransConv);
        Assert.Equal([3, 7, 9], config.ExtractLayers);
        Assert.Equal(32, config.ConditionalDim);
        Assert.Throws<TesseraArgumentException>(() => ClipSegConfig.FromCheckpoint(weights, clip with { EmbedDim = 512 }));
    }
}
