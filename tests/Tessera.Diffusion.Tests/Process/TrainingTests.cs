using Tessera.Core.Random;
using Tessera.Diffusion.Models.UNet;
using Tessera.Diffusion.Process;
using Tessera.Diffusion.Training;
using static TorchSharp.torch;

namespace Tessera.Diffusion.Tests.Process;

public sealed class TrainingTests
{
    private static (Tensor, Tensor?) Batch(long step, IRandom random)
    {
        var v = (float)((random.NextDouble() * 1.6) - 0.8);
        return (full(new long[] { 4, 1, 8, 8 }, v), null);
    }

    /// <summary>A network with the reference initialisation (the re-drawn test weights make the learned variance diverge).</summary>
    private static UNetModel Fresh(long seed)
    {
        TorchSharp.torch.manual_seed(seed);
        return new UNetModel(TinyModels.UNet());
    }

    private static float[] Weights(UNetModel m) => [.. m.parameters().SelectMany(p => p.data<float>().ToArray())];

    [Fact]
    public void Run_InterruptedAndResumed_EqualsUninterrupted()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"tessera-diffusion-{Guid.NewGuid():N}");
        try
        {
            var process = GaussianDiffusion.Create(TinyModels.Process(steps: 20));
            var options = new DiffusionTrainingOptions { BatchSize = 4, LearningRate = 1e-4, EmaRate = 0.9, Seed = 5 };
            using var a = Fresh(3);
            using var aEma = Fresh(9);
            using (var trainer = new DiffusionTrainer(a, aEma, process, options))
            {
                var r = trainer.Run(Batch, 4);
                Assert.Equal(4, r.Steps);
                Assert.All(r.Metrics, m => Assert.True(double.IsFinite(m.Loss)));
            }
            using var b = Fresh(3);
            using var bEma = Fresh(9);
            using (var trainer = new DiffusionTrainer(b, bEma, process, options))
            {
                trainer.Run(Batch, 2, dir);
            }
            using var c = Fresh(11);
            using var cEma = Fresh(12);
            using (var trainer = new DiffusionTrainer(c, cEma, process, options))
            {
                var r = trainer.Run(Batch, 4, dir);
                Assert.Equal(2, r.ResumedFromStep);
                Assert.Equal(4, r.Metrics.Count);
            }

            Assert.Equal(Weights(a), Weights(c));
            Assert.Equal(Weights(aEma), Weights(cEma));
            Assert.True(File.Exists(Path.Combine(dir, "metrics.csv")));
        }
        finally
        {
            if (Directory.Exists(dir)) { Directory.Delete(dir, true); }
        }
    }

    [Fact]
    public void TrainingLosses_HybridVbTerm_DoesNotTrainTheMean()
    {
        using var model = TinyModels.Seeded(TinyModels.UNet());
        var diffusion = GaussianDiffusion.Create(TinyModels.Process(steps: 20));
        using var scope = NewDisposeScope();
        var x = full(new long[] { 2, 1, 8, 8 }, 0.5f);
        var t = tensor(new long[] { 3, 7 });
        var noise = randn(2, 1, 8, 8);
        var output = model.Forward(diffusion.QSample(x, t, noise), diffusion.ModelTimesteps(t)).detach().requires_grad_(true);

        var terms = diffusion.TrainingLosses((_, _) => output, x, t, noise);
        terms.Vb!.sum().backward();

        var grad = output.grad!;
        Assert.Equal(0f, grad[.., ..1].abs().max().item<float>());
        Assert.True(grad[.., 1..].abs().max().item<float>() > 0);
    }

    [Fact]
    public void LossAwareSampler_AfterWarmUp_FavoursLargeLosses()
    {
        var sampler = new LossAwareTimestepSampler(4, historyPerTerm: 2);
        Assert.False(sampler.WarmedUp);
        for (var i = 0; i < 2; i++) { sampler.Update([0, 1, 2, 3], [1.0, 1.0, 1.0, 10.0]); }

        var w = sampler.Weights();

        Assert.True(sampler.WarmedUp);
        Assert.True(w[3] > 5 * w[0]);
        var (ts, weights) = sampler.Sample(1000, new SeededRandom(1));
        Assert.True(ts.Count(t => t == 3) > 600);
        Assert.All(weights, v => Assert.True(v > 0));
    }
}
