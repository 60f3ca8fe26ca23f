using Tessera.Core.Random;
using Tessera.Data.World;
using Tessera.Dense.ClipSeg;
using Tessera.Dense.ClipSeg.Training;
using Tessera.Nn.Models.Clip;
using Tessera.Nn.Models.Clip.Tokenizer;
using Tessera.Nn.Weights;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Tessera.Dense.Tests.ClipSeg;

/// <summary>CLIPSeg decoder training on the world's referring expressions (written by WorldWriter, read back through
/// the referring reader) on the shipped tiny world CLIP.</summary>
[Collection(TorchRngGroup.Name)]
public sealed class ClipSegTrainingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tessera-clipseg-train-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static string WorldClipDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "models", "world-clip-tiny");
            if (Directory.Exists(candidate)) { return candidate; }
        }
        throw new DirectoryNotFoundException("models/world-clip-tiny not found above " + AppContext.BaseDirectory);
    }

    private static (ClipSegModel Model, ClipTokenizer Tokenizer) WorldModel(int reduceDim)
    {
        var dir = WorldClipDirectory();
        var tokenizer = ClipTokenizer.FromFile(dir);
        using var weights = CheckpointReader.Read(Path.Combine(dir, "model.safetensors"));
        var config = ClipConfig.FromStateDict(weights, null, null);
        var clip = ClipModel.FromWeights(weights, config);
        var decoder = new ClipSegDecoder(new ClipSegConfig { ExtractLayers = [0, 1, 2], ReduceDim = reduceDim, FeedForward = 128 }.For(config));
        return (new ClipSegModel(clip, decoder), tokenizer);
    }

    private string World(int count, ulong seed)
    {
        var dir = Path.Combine(_dir, "world-" + seed);
        WorldWriter.Write(new ShapesWorld(new WorldOptions { Domain = WorldDomains.Clean, Size = 32, Seed = seed }), count, dir, maxDegreeOfParallelism: 2);
        return Path.Combine(dir, "referring.json");
    }

    [Fact]
    public void Train_WorldReferringExpressions_LossFalls()
    {
        // Given 24 world scenes' referring expressions and a D = 16 decoder on the frozen world CLIP
        torch.manual_seed(3);
        var (model, tokenizer) = WorldModel(16);
        using var _ = model;
        using var data = ClipSegDataset.Load(World(24, 5), 32);
        var options = new ClipSegTrainingOptions { Steps = 60, BatchSize = 8, LearningRate = 3e-3, VisualPromptSize = 32, Seed = 1 };
        using var bank = ClipSegPromptBank.Build(model, tokenizer, data, options.Templates, 32);
        var clipBefore = model.Clip.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());

        // When it trains for 60 steps with negatives and text/visual mixing
        var (result, weights) = ClipSegTraining.Train(model, bank, data, options);

        // Then the loss falls, CLIP is untouched and nothing was written
        Assert.Equal(60, result.Steps);
        Assert.Null(weights);
        Assert.All(result.Metrics, m => Assert.True(double.IsFinite(m.Loss), $"step {m.Step}: loss {m.Loss}"));
        var first = result.Metrics.Take(10).Average(m => m.Loss);
        var last = result.Metrics.TakeLast(10).Average(m => m.Loss);
        Assert.True(last < 0.6 * first, $"loss {first} → {last}");
        foreach (var (name, value) in model.Clip.state_dict())
        {
            Assert.True(value.allclose(clipBefore[name], 0, 0), $"CLIP tensor {name} changed");
        }
    }

    [Fact]
    public void Train_StopAndResume_MatchesTheUninterruptedRunAndExportsALoadableDecoder()
    {
        var referring = World(12, 6);
        ClipSegTrainingOptions Options(string dir, long steps) => new()
        {
            Steps = steps, BatchSize = 4, LearningRate = 2e-3, VisualPromptSize = 32, Seed = 2, OutputDirectory = dir, CheckpointEvery = 0,
        };
        Dictionary<string, float[]> Snapshot(ClipSegModel m) => m.Decoder.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().data<float>().ToArray());

        // Given an uninterrupted 6-step run
        Dictionary<string, float[]> straight;
        torch.manual_seed(4);
        var (a, tokenizer) = WorldModel(16);
        using (a)
        using (var data = ClipSegDataset.Load(referring, 32))
        using (var bank = ClipSegPromptBank.Build(a, tokenizer, data, ClipSegPrompts.Plain, 32))
        {
            ClipSegTraining.Train(a, bank, data, Options(Path.Combine(_dir, "a"), 6));
            straight = Snapshot(a);
        }

        // When another run is cancelled (Ctrl-C) after 3 steps and a fresh model resumes it
        string? exported;
        Dictionary<string, float[]> resumed;
        torch.manual_seed(4);
        var (b, _) = WorldModel(16);
        using (b)
        using (var data = ClipSegDataset.Load(referring, 32))
        using (var bank = ClipSegPromptBank.Build(b, tokenizer, data, ClipSegPrompts.Plain, 32))
        using (var cts = new CancellationTokenSource())
        {
            var (stopped, none) = ClipSegTraining.Train(b, bank, data, Options(Path.Combine(_dir, "b"), 6), new StepProgress(r => { if (r.Done >= 3) { cts.Cancel(); } }), cts.Token);
            Assert.True(stopped.Cancelled);
            Assert.Equal(3, stopped.Steps);
            Assert.Null(none);
            Assert.False(File.Exists(Path.Combine(_dir, "b", ClipSegTraining.WeightsFileName)));
        }
        torch.manual_seed(99);
        var (c, _) = WorldModel(16);
        using (c)
        using (var data = ClipSegDataset.Load(referring, 32))
        using (var bank = ClipSegPromptBank.Build(c, tokenizer, data, ClipSegPrompts.Plain, 32))
        {
            var (result, weights) = ClipSegTraining.Train(c, bank, data, Options(Path.Combine(_dir, "b"), 6));
            Assert.Equal(3, result.ResumedFromStep);
            exported = weights;
            resumed = Snapshot(c);
        }

        // Then the decoders are equal, and the exported file loads as a CLIPSeg checkpoint
        foreach (var (name, values) in straight)
        {
            Assert.Equal(values.Length, resumed[name].Length);
            Assert.True(values.Zip(resumed[name]).All(p => Math.Abs(p.First - p.Second) <= 1e-6f), $"{name} differs after resume");
        }
        Assert.NotNull(exported);
        using var file = CheckpointReader.Read(exported);
        Assert.Contains("film_mul.weight", file.Keys);
        Assert.Contains("trans_conv.weight", file.Keys);
    }

    [Fact]
    public void MakeBatch_Negatives_EmptyTheTargetAndPositivesKeepTheMask()
    {
        torch.manual_seed(5);
        var (model, tokenizer) = WorldModel(16);
        using var _ = model;
        using var data = ClipSegDataset.Load(World(10, 7), 32);
        using var bank = ClipSegPromptBank.Build(model, tokenizer, data, ClipSegPrompts.Plain, 32);
        var members = Enumerable.Range(0, data.Count).ToArray();
        using var scope = torch.NewDisposeScope();

        var positive = ClipSegTraining.MakeBatch(data, bank, members, new ClipSegTrainingOptions { NegativeProbability = 0 }, new SeededRandom(1));
        var negative = ClipSegTraining.MakeBatch(data, bank, members, new ClipSegTrainingOptions { NegativeProbability = 0.999999 }, new SeededRandom(1));

        Assert.True(positive.Target.squeeze(1).allclose(data.Masks, 0, 0));
        Assert.True(data.Masks.sum().item<float>() > 0);
        Assert.Equal(0f, negative.Target.sum().item<float>());
        Assert.Equal([data.Count, 1, 32, 32], positive.Target.shape);
        Assert.Equal([data.Count, model.Clip.Config.EmbedDim], positive.Conditional.shape);
    }

    [Fact]
    public void PromptBank_ExampleFor_IsAnotherImageWithTheSamePhrase()
    {
        torch.manual_seed(6);
        var (model, tokenizer) = WorldModel(16);
        using var _ = model;
        using var data = ClipSegDataset.Load(World(30, 8), 32);
        using var bank = ClipSegPromptBank.Build(model, tokenizer, data, ClipSegPrompts.Plain, 32);

        var found = 0;
        for (var i = 0; i < data.Count; i++)
        {
            if (bank.ExampleFor(i, data.ImageOf) is not { } j) { continue; }
            found++;
            Assert.Equal(data.Phrases[i], data.Phrases[j]);
            Assert.NotEqual(data.ImageOf[i], data.ImageOf[j]);
        }
        Assert.True(found > 0);
        Assert.Equal([data.Count, 128L], bank.VisualVectors.shape);
        Assert.Equal([1L, bank.DistinctPhrases.Count, 128L], bank.TextVectors.shape);
    }

    [Fact]
    public void Score_HandComputedCase_MatchesIoUAndAveragePrecision()
    {
        // pred > 0.5: [1, 1, 0, 0]; truth [1, 0, 1, 0] → FG 1/3, BG 1/3; AP = 0.5·1 + 0.5·(2/3)
        var metrics = ClipSegEvaluation.Score([[0.9f, 0.8f, 0.2f, 0.1f]], [[1, 0, 1, 0]]);

        Assert.Equal(1.0 / 3, metrics.ForegroundIoU, 9);
        Assert.Equal(1.0 / 3, metrics.BackgroundIoU, 9);
        Assert.Equal(1.0 / 3, metrics.MeanIoU, 9);
        Assert.Equal(0.5 + (0.5 * 2 / 3), metrics.AveragePrecision, 9);
    }

    [Fact]
    public void ScoreBestThreshold_LowProbabilities_PicksTheGridThresholdWithTheBestForegroundIoU()
    {
        // At 0.5 nothing is foreground; any threshold in (0.2, 0.35) separates the one positive pixel; the first is 0.25.
        float[][] p = [[0.35f, 0.2f, 0.1f]];
        byte[][] t = [[1, 0, 0]];

        var fixedAtHalf = ClipSegEvaluation.Score(p, t);
        var best = ClipSegEvaluation.ScoreBestThreshold(p, t);

        Assert.Equal(0.0, fixedAtHalf.ForegroundIoU, 9);
        Assert.Equal(0.25, best.Threshold, 9);
        Assert.Equal(1.0, best.ForegroundIoU, 9);
        Assert.Equal(fixedAtHalf.AveragePrecision, best.AveragePrecision, 9);
    }

    [Fact]
    public void Score_PerfectPrediction_IsOne()
    {
        var metrics = ClipSegEvaluation.Score([[0.9f, 0.1f], [0.2f, 0.7f]], [[1, 0], [0, 1]]);
        Assert.Equal(1.0, metrics.MeanIoU, 9);
        Assert.Equal(1.0, metrics.AveragePrecision, 9);
        Assert.Equal(2, metrics.Samples);
    }

    private sealed class StepProgress(Action<Tessera.Core.Progress.ProgressReport> handler) : IProgress<Tessera.Core.Progress.ProgressReport>
    {
        public void Report(Tessera.Core.Progress.ProgressReport value) => handler(value);
    }
}
