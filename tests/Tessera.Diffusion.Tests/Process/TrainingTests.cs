using Tessera.Core.Errors;
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

    // Unskipped in session 4: the NaN was libtorch's conv2d input gradient for the few-channel output convolution
    // reading uninitialised memory (see GradSafeConvolution), not AdamW.
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
    public void Run_LossAwareInterruptedAndResumed_EqualsUninterrupted()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"tessera-diffusion-{Guid.NewGuid():N}");
        try
        {
            // T = 4 and 4 images per step: every t has its 10 losses after ~12 steps, so the resumed part samples loss-aware
            var process = GaussianDiffusion.Create(TinyModels.Process(steps: 4) with { UseKl = true });
            var options = new DiffusionTrainingOptions { BatchSize = 4, LearningRate = 1e-4, EmaRate = 0.9, Seed = 7, LossAwareSampling = true };
            double[] uninterruptedWeights;
            DiffusionTrainingResult uninterrupted;
            using var a = Fresh(3);
            using var aEma = Fresh(9);
            using (var trainer = new DiffusionTrainer(a, aEma, process, options))
            {
                uninterrupted = trainer.Run(Batch, 30);
                uninterruptedWeights = trainer.TimestepWeights();
            }
            Assert.All(uninterrupted.Metrics, m => Assert.True(double.IsFinite(m.Loss), $"step {m.Step}: loss {m.Loss}"));
            Assert.NotEqual(uninterruptedWeights[0], uninterruptedWeights[3]); // warmed up: the weights follow the losses

            double[] savedWeights;
            using var b = Fresh(3);
            using var bEma = Fresh(9);
            using (var trainer = new DiffusionTrainer(b, bEma, process, options))
            {
                trainer.Run(Batch, 20, dir);
                savedWeights = trainer.TimestepWeights();
            }
            Assert.NotEqual(1.0, savedWeights[0]);
            Assert.True(File.Exists(Path.Combine(dir, "loss-history.bin")));
            using var c = Fresh(11);
            using var cEma = Fresh(12);
            using (var trainer = new DiffusionTrainer(c, cEma, process, options))
            {
                var restored = trainer.Run(Batch, 20, dir);
                Assert.Equal(20, restored.Steps);
                Assert.Equal(savedWeights, trainer.TimestepWeights());
                var resumed = trainer.Run(Batch, 30, dir);
                Assert.Equal(20, resumed.ResumedFromStep);
                Assert.Equal(uninterrupted.Metrics.Select(m => m.Loss), resumed.Metrics.Select(m => m.Loss));
                Assert.Equal(uninterruptedWeights, trainer.TimestepWeights());
            }
            Assert.Equal(Weights(a), Weights(c));
            Assert.Equal(Weights(aEma), Weights(cEma));
        }
        finally
        {
            if (Directory.Exists(dir)) { Directory.Delete(dir, true); }
        }
    }

    [Fact]
    public void Run_UniformCheckpoint_IsNotResumedWithLossAwareSampling()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"tessera-diffusion-{Guid.NewGuid():N}");
        try
        {
            var process = GaussianDiffusion.Create(TinyModels.Process(steps: 4));
            var options = new DiffusionTrainingOptions { BatchSize = 2, LearningRate = 1e-4, EmaRate = 0.9, Seed = 7 };
            using var a = Fresh(3);
            using var aEma = Fresh(9);
            using (var trainer = new DiffusionTrainer(a, aEma, process, options)) { trainer.Run(Batch, 1, dir); }
            using var trainer2 = new DiffusionTrainer(a, aEma, process, options with { LossAwareSampling = true });
            var e = Assert.Throws<TesseraFormatException>(() => trainer2.Run(Batch, 2, dir));
            Assert.Contains("uniform", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(dir)) { Directory.Delete(dir, true); }
        }
    }

    [Fact]
    public void LossAwareSampler_HistoryRoundTrip_DrawsTheSame()
    {
        var source = new LossAwareTimestepSampler(6, historyPerTerm: 3);
        var random = new SeededRandom(4);
        for (var i = 0; i < 30; i++) { source.Update([i % 6], [(i % 6) + (random.NextDouble() * 0.1)]); }
        source.Update([2], [0.5]); // step 2 now holds 4 losses: the oldest was pushed out
        Assert.True(source.WarmedUp);
        using var stream = new MemoryStream();
        source.WriteHistory(stream);
        stream.Position = 0;
        var copy = new LossAwareTimestepSampler(6, historyPerTerm: 3);
        copy.ReadHistory(stream, "memory");
        Assert.Equal(source.Weights(), copy.Weights());
        source.Update([5, 0], [9.0, 0.01]);
        copy.Update([5, 0], [9.0, 0.01]);
        Assert.Equal(source.Weights(), copy.Weights());
        var (ts1, w1) = source.Sample(16, new SeededRandom(8));
        var (ts2, w2) = copy.Sample(16, new SeededRandom(8));
        Assert.Equal(ts1, ts2);
        Assert.Equal(w1, w2);

        // a partial history (not warmed up) is restored as partial
        var partial = new LossAwareTimestepSampler(6, historyPerTerm: 3);
        partial.Update([1], [2.0]);
        stream.SetLength(0);
        partial.WriteHistory(stream);
        stream.Position = 0;
        copy.ReadHistory(stream, "memory");
        Assert.False(copy.WarmedUp);
        for (var t = 0; t < 6; t++) { for (var k = 0; k < 3; k++) { copy.Update([t], [t == 1 && k == 2 ? 2.0 : 1.0]); } }
        Assert.True(copy.WarmedUp); // step 1 had one loss: two more filled it, and the third pushed the oldest out

        // wrong T and truncation are format errors naming the source
        stream.Position = 0;
        Assert.Throws<TesseraFormatException>(() => new LossAwareTimestepSampler(7, historyPerTerm: 3).ReadHistory(stream, "memory"));
        var bytes = stream.ToArray();
        using var truncated = new MemoryStream(bytes[..^4]);
        var e = Assert.Throws<TesseraFormatException>(() => new LossAwareTimestepSampler(6, historyPerTerm: 3).ReadHistory(truncated, "cut.bin"));
        Assert.Contains("cut.bin", e.Message, StringComparison.Ordinal);
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

    [Fact]
    public void ProgressDetail_LeavesOutTermsTheLossDoesNotCompute()
    {
        Assert.Equal("loss 0.3072", DiffusionTrainer.ProgressDetail(new DiffusionStepMetrics(1, 0.3072, double.NaN, double.NaN, 1)));
        Assert.Equal("loss 0.3072 mse 0.3072", DiffusionTrainer.ProgressDetail(new DiffusionStepMetrics(1, 0.3072, 0.3072, double.NaN, 1)));
        Assert.Equal("loss 0.4000 mse 0.3000 vb 0.1000", DiffusionTrainer.ProgressDetail(new DiffusionStepMetrics(1, 0.4, 0.3, 0.1, 1)));
    }
}
