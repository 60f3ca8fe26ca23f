using Tessera.Core.Errors;
using Tessera.Dense.SegFix;
using Tessera.Nn.Runtime;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Tessera.Dense.Tests.SegFix;

public sealed class SegFixNetTests
{
    public SegFixNetTests() => TorchRuntime.EnsureLoaded();

    [Theory]
    [InlineData(4, 32, 48)]
    [InlineData(8, 33, 47)]
    [InlineData(16, 40, 40)]
    public void Forward_TinyConfig_LogitsAtInputSize(int bins, int h, int w)
    {
        // Given a tiny network with m bins
        using var net = new SegFixNet(SegFixConfig.Tiny with { Bins = bins });
        net.eval();
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();

        // When a batch of 2 runs through it
        var output = net.forward(torch.randn(2, 3, h, w));

        // Then the boundary logits are [2, 2, H, W] and the direction logits [2, m, H, W]
        Assert.Equal([2L, 2, h, w], output.Mask.shape);
        Assert.Equal([2L, bins, h, w], output.Direction.shape);
        Assert.True(output.Mask.isfinite().all().item<bool>());
    }

    [Fact]
    public void StateDict_Keys_HeadsUseOpensegNames()
    {
        // Given the default configuration (256-channel branches, as openseg)
        using var net = new SegFixNet(SegFixConfig.Small);

        // When its state dict is listed
        var state = net.state_dict();

        // Then the heads carry openseg's keys and shapes: 1×1 conv (no bias) → BN → 1×1 classifier (no bias)
        var features = SegFixConfig.Small.FeatureChannels;
        Assert.Equal([256L, features, 1, 1], state["mask_head.0.weight"].shape);
        Assert.Equal([256L], state["mask_head.1.0.running_mean"].shape);
        Assert.Equal([2L, 256, 1, 1], state["mask_head.2.weight"].shape);
        Assert.Equal([8L, 256, 1, 1], state["dir_head.2.weight"].shape);
        Assert.False(state.ContainsKey("mask_head.0.bias"));
        Assert.False(state.ContainsKey("dir_head.2.bias"));
        Assert.Contains("backbone.stages.0.0.weight", state.Keys);
    }

    [Theory]
    [InlineData("Bins")]
    [InlineData("MidChannels")]
    [InlineData("StageChannels")]
    [InlineData("Std")]
    public void Constructor_BadConfig_ThrowsNamingTheSetting(string name)
    {
        var config = name switch
        {
            "Bins" => SegFixConfig.Tiny with { Bins = 6 },
            "MidChannels" => SegFixConfig.Tiny with { MidChannels = 0 },
            "StageChannels" => SegFixConfig.Tiny with { StageChannels = [] },
            _ => SegFixConfig.Tiny with { Std = [1f, 0f, 1f] },
        };
        var e = Assert.Throws<TesseraArgumentException>(() => new SegFixNet(config));
        Assert.Equal(name, e.ParamName);
    }
}
