using Tessera.Cli.Areas.Clip;
using Tessera.Nn.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Cli.Tests.Commands.Bench;

[Collection(TorchGlobalState.Name)]
public sealed class BenchNnCommandTests
{
    [Fact]
    public void BareVit_SameWeights_MatchesTheModuleForward()
    {
        // Given Tessera.Nn's ViT in the tiny benchmark size and the bare functional version on its weight tensors
        using var model = NnBenchmark.CreateModel(BenchVitConfig.Tiny, seed: 3);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var input = torch.randn(2, 3, 32, 32);

        // When both run
        var viaModule = model.forward(input);
        var bare = BareVit.Forward(BareVit.WeightsOf(model, BenchVitConfig.Tiny.Depth), BenchVitConfig.Tiny, input);

        // Then the logits agree and have the classifier's shape
        Assert.Equal([2L, 10L], viaModule.shape);
        Assert.True((viaModule - bare).abs().max().item<float>() <= 1e-6f);
        Assert.True(viaModule.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void Leak_ForwardThatKeepsATensor_IsNotFlat()
    {
        TorchRuntime.EnsureLoaded();
        var kept = new List<Tensor>();
        Tensor Leaky(Tensor x)
        {
            var t = x.clone().DetachFromDisposeScope();
            kept.Add(t);
            return x + 1;
        }

        var check = NnBenchmark.Leak("leaky", BenchVitConfig.Tiny, Leaky, forwards: 20, seed: 1, CancellationToken.None);

        Assert.Equal(20, check.LiveTensorsAfter - check.LiveTensorsBefore);
        Assert.False(check.Flat);
        kept.ForEach(t => t.Dispose());
    }

    [Fact]
    public void Leak_ScopedForward_IsFlat()
    {
        using var model = NnBenchmark.CreateModel(BenchVitConfig.Tiny, seed: 4);

        var check = NnBenchmark.Leak("module", BenchVitConfig.Tiny, model.forward, forwards: 50, seed: 1, CancellationToken.None);

        Assert.Equal(check.LiveTensorsBefore, check.LiveTensorsAfter);
    }

    [Fact]
    public void Median_OddAndEvenCounts()
    {
        Assert.Equal(3.0, NnBenchmark.Median([5, 1, 3]));
        Assert.Equal(2.5, NnBenchmark.Median([4, 1, 2, 3]));
    }

    [Fact]
    public void BenchNn_TinyModel_PrintsTimingAndFlatLeakTables()
    {
        var (code, output) = CliRunner.Run("bench", "nn", "--model", "tiny", "--runs", "1", "--warmup", "0", "--leak-forwards", "5");

        Assert.Equal(0, code);
        Assert.Contains("module/bare", output, StringComparison.Ordinal);
        Assert.Contains("ViT-tiny", output, StringComparison.Ordinal);
        Assert.Contains("yes", output, StringComparison.Ordinal);
    }

    [Fact]
    public void BenchNn_PyTorchWithMissingInterpreter_ReportsUnavailableAndStillTimes()
    {
        var (code, output) = CliRunner.Run("bench", "nn", "--model", "tiny", "--runs", "1", "--warmup", "0", "--leak-forwards", "0",
            "--pytorch", "--python", "/no/such/python3");

        Assert.Equal(0, code);
        Assert.Contains("PyTorch comparison unavailable", output, StringComparison.Ordinal);
        Assert.Contains("ViT-tiny", output, StringComparison.Ordinal);
    }

    [Fact]
    public void PyTorchBaseline_DebianTorch_TimesEveryBatch()
    {
        Assert.SkipUnless(File.Exists("/usr/bin/python3") && Directory.Exists("/usr/lib/python3/dist-packages/torch"),
            "needs Debian's python3-torch (apt install python3-torch)");

        var (timing, problem) = PyTorchBaseline.TryRun("/usr/bin/python3", "tiny", [1, 2], runs: 1, warmup: 0, threads: 1, seed: 0, CancellationToken.None);

        Assert.Null(problem);
        Assert.StartsWith("1.", timing!.Version, StringComparison.Ordinal);
        Assert.Equal([1, 2], timing.MillisecondsByBatch.Keys.Order());
        Assert.All(timing.MillisecondsByBatch.Values, ms => Assert.True(ms > 0));
    }

    [Theory]
    [InlineData("--model", "vit-h", "--model")]
    [InlineData("--runs", "0", "--runs")]
    [InlineData("--leak-model", "x", "--leak-model")]
    public void BenchNn_BadOption_ExitCode2NamingIt(string option, string value, string named)
    {
        var (code, output) = CliRunner.Run("bench", "nn", option, value, "--leak-forwards", "0");

        Assert.Equal(2, code);
        Assert.Contains(named, output, StringComparison.Ordinal);
    }
}
