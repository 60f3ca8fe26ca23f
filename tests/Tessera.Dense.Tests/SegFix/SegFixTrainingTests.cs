using Tessera.Core.Errors;
using Tessera.Data.Synthetic;
using Tessera.Dense.SegFix;
using Tessera.Nn.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Tessera.Dense.Tests.SegFix;

[Collection(TorchRngGroup.Name)]
public sealed class SegFixTrainingTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tessera-segfix-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) { Directory.Delete(_dir, recursive: true); }
    }

    private static readonly SegFixConfig Config = SegFixConfig.Tiny;

    private static IReadOnlyList<SegFixSample> Samples(int count = 8) => SegFixData.Synthetic(count, 32, 48, seed: 11, Config, workers: 2);

    [Fact]
    public void Train_TinySyntheticData_LossDecreases()
    {
        // Given a tiny network and 8 synthetic 32×48 scenes
        var samples = Samples();
        torch.manual_seed(1);
        using var net = new SegFixNet(Config);

        // When it trains for 40 steps
        var (result, weights) = SegFixTraining.Train(net, samples, new SegFixTrainingOptions { Epochs = 20, BatchSize = 4, LearningRate = 1e-2, Seed = 1 });

        // Then the mean loss of the last 8 steps is well below that of the first 8
        Assert.Equal(40, result.Steps);
        Assert.Null(weights);
        var first = result.Metrics.Take(8).Average(m => m.Loss);
        var last = result.Metrics.TakeLast(8).Average(m => m.Loss);
        Assert.True(last < 0.8 * first, $"loss {first} → {last}");
    }

    [Fact]
    public void Train_ResumeAfterStop_MatchesUninterruptedRunIncludingBatchNormBuffers()
    {
        var samples = Samples(6);
        SegFixTrainingOptions Options(string dir, long steps) => new() { Epochs = 3, BatchSize = 3, Seed = 4, OutputDirectory = dir, MaxSteps = steps, CheckpointEvery = 0 };
        Dictionary<string, float[]> Snapshot(SegFixNet n) => n.state_dict().Where(kv => kv.Value.dtype == ScalarType.Float32)
            .ToDictionary(kv => kv.Key, kv => kv.Value.detach().data<float>().ToArray());

        Dictionary<string, float[]> straight;
        torch.manual_seed(2);
        using (var net = new SegFixNet(Config))
        {
            SegFixTraining.Train(net, samples, Options(Path.Combine(_dir, "a"), 6));
            straight = Snapshot(net);
        }

        // When a run stops after 2 steps and a fresh network resumes from its checkpoint
        torch.manual_seed(2);
        using (var net = new SegFixNet(Config))
        {
            SegFixTraining.Train(net, samples, Options(Path.Combine(_dir, "b"), 2));
        }
        torch.manual_seed(2);
        using var resumed = new SegFixNet(Config);
        var (result, weights) = SegFixTraining.Train(resumed, samples, Options(Path.Combine(_dir, "b"), 6));

        // Then parameters and BN running statistics equal the uninterrupted run's, and weights were exported
        Assert.Equal(2, result.ResumedFromStep);
        var final = Snapshot(resumed);
        Assert.Contains("mask_head.1.0.running_mean", final.Keys);
        foreach (var (name, values) in straight) { Assert.Equal(values, final[name]); }
        Assert.True(File.Exists(weights));
    }

    [Fact]
    public void Train_MixedSizesWithoutCrop_ThrowsNamingSamples()
    {
        var a = SegFixData.Synthetic(1, 32, 48, 0, Config)[0];
        var b = SegFixData.Synthetic(1, 40, 48, 0, Config)[0];
        using var net = new SegFixNet(Config);
        var e = Assert.Throws<TesseraArgumentException>(() => SegFixTraining.Train(net, [a, b]));
        Assert.Equal("samples", e.ParamName);
        Assert.Equal("Epochs", Assert.Throws<TesseraArgumentException>(() => SegFixTraining.Train(net, [a], new SegFixTrainingOptions { Epochs = 0 })).ParamName);
    }

    [Fact]
    public void Sample_LabelsOutsideClasses_ThrowNamingLabels()
    {
        var labels = ShapeScenes.Generate(new ShapeSceneOptions { Height = 16, Width = 16, NumClasses = 6 }, 1);
        var image = SceneRenderer.Render(labels, 1);
        var e = Assert.Throws<TesseraArgumentException>(() => SegFixSample.Create("x", image, labels, Config, new Segmentation.SegFix.SegFixOptions { NumClasses = 1 }));
        Assert.Equal("labels", e.ParamName);
    }
}
