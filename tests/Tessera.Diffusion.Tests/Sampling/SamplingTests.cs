using System.Diagnostics;
using Tessera.Diffusion.Process;
using Tessera.Diffusion.Sampling;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Diffusion.Tests.Sampling;

public sealed class SamplingTests
{
    [Fact]
    public void Sample_SameSeedDifferentBatchSplit_IdenticalImages()
    {
        using var model = TinyModels.Seeded(TinyModels.UNet());
        var process = TinyModels.Process();
        using var scope = NewDisposeScope();

        var whole = DiffusionSampler.Sample(model, process, [1, 8, 8], new SamplingOptions { Count = 3, BatchSize = 3, Seed = 7, Respacing = "5" });
        var split = DiffusionSampler.Sample(model, process, [1, 8, 8], new SamplingOptions { Count = 3, BatchSize = 2, Seed = 7, Respacing = "5" });
        var other = DiffusionSampler.Sample(model, process, [1, 8, 8], new SamplingOptions { Count = 3, BatchSize = 3, Seed = 8, Respacing = "5" });

        // the noise is identical; batched convolutions may round differently by a few ulps
        Assert.True((whole - split).abs().max().item<float>() < 1e-4f);
        Assert.True((whole - other).abs().max().item<float>() > 1e-3);
    }

    [Fact]
    public void Ddim_EtaZero_IsDeterministicGivenStartNoise()
    {
        using var model = TinyModels.Seeded(TinyModels.UNet());
        var process = TinyModels.Process();
        using var scope = NewDisposeScope();

        var a = DiffusionSampler.Sample(model, process, [1, 8, 8], new SamplingOptions { Count = 2, Seed = 3, Respacing = "ddim10", Ddim = true });
        var b = DiffusionSampler.Sample(model, process, [1, 8, 8], new SamplingOptions { Count = 2, Seed = 3, Respacing = "ddim10", Ddim = true });

        Assert.Equal(0f, (a - b).abs().max().item<float>());
        Assert.Equal([2L, 1, 8, 8], a.shape);
    }

    [Fact]
    public void PSampleLoop_ThousandSteps_LiveTensorsAndMemoryStayFlat()
    {
        // The loop's per-step scopes are what is checked, so the denoiser is one convolution (2 output channels: ε and the
        // variance values) to keep a thousand steps to seconds; UNet forwards run in the same per-step scope.
        torch.manual_seed(1);
        using var model = nn.Conv2d(1, 2, 3, padding: 1);
        var diffusion = GaussianDiffusion.Create(TinyModels.Process(steps: 1000));
        Denoiser denoiser = (x, t) => model.forward(x) * (1 + (t.to_type(ScalarType.Float32).mean() / 1000));
        var live = new List<long>();
        var rss = new List<long>();
        using var noise = new PerSampleNoise(1, 0, 2);
        using var scope = NewDisposeScope();

        var final = diffusion.PSampleLoop(denoiser, [2, 1, 4, 4], noise, onStep: (t, _) =>
        {
            if (t % 100 == 0)
            {
                live.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);
                using var p = System.Diagnostics.Process.GetCurrentProcess();
                rss.Add(p.WorkingSet64);
            }
        });

        Assert.Equal(10, live.Count);
        Assert.True(live.Max() - live.Min() <= 0, $"live tensors grew from {live.Min()} to {live.Max()}");
        Assert.True(rss[^1] - rss[1] < 64L << 20, $"RSS grew by {(rss[^1] - rss[1]) >> 20} MB over 800 steps");
        Assert.True(final.isfinite().all().item<bool>());
    }
}
