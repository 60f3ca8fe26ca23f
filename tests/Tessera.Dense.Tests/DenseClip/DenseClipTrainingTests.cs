using Tessera.Core.Imaging;
using Tessera.Data.World;
using Tessera.Dense.DenseClip;
using Tessera.Dense.DenseClip.Training;
using Tessera.Dense.Tests.ClipSeg;
using Tessera.Nn.Models.Clip;
using Tessera.Nn.Models.Clip.Tokenizer;
using Tessera.Nn.Weights;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Tessera.Dense.Tests.DenseClip;

/// <summary>DenseCLIP trained end to end on world semantic masks (through the mask-folder reader) on the shipped tiny
/// world CLIP, with and without score maps.</summary>
[Collection(TorchRngGroup.Name)]
public sealed class DenseClipTrainingTests : IDisposable
{
    private static readonly string[] Classes = ["background", .. WorldVocabulary.Shapes];
    private readonly string _dir = Directory.CreateTempSubdirectory("tessera-denseclip-train-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (DenseClipSegmentor Segmentor, ClipConfig Config) Build(bool scoreMaps, DenseClipPrompting prompting = DenseClipPrompting.Post)
    {
        var dir = ClipSegTrainingTests.WorldClipDirectory();
        using var weights = CheckpointReader.Read(Path.Combine(dir, "model.safetensors"));
        var config = ClipConfig.FromStateDict(weights);
        torch.manual_seed(7);
        return (DenseClipWorld.Build(weights, config, ClipTokenizer.FromFile(dir), Classes, scoreMaps, [0, 1, 2], headChannels: 32, prompting: prompting), config);
    }

    private SegmentationSamples Samples(ClipConfig config, int count = 16)
    {
        var dir = Path.Combine(_dir, "world");
        if (!Directory.Exists(dir))
        {
            WorldWriter.Write(new ShapesWorld(new WorldOptions { Domain = WorldDomains.Clean, Size = 32, Seed = 9 }), count, dir, maxDegreeOfParallelism: 2);
        }
        return SegmentationSamples.Load(Path.Combine(dir, "images"), Path.Combine(dir, "masks", "semantic"), Classes.Length, config.Mean, config.Std);
    }

    [Theory]
    [InlineData(true, DenseClipPrompting.Post)]
    [InlineData(false, DenseClipPrompting.Post)]
    [InlineData(true, DenseClipPrompting.Pre)]
    public void Train_WorldMasks_LossFallsAndClipStaysFrozen(bool scoreMaps, DenseClipPrompting prompting)
    {
        // Given DenseCLIP (or the head alone) on the world CLIP and 16 world scenes
        var (segmentor, config) = Build(scoreMaps, prompting);
        using var _ = segmentor;
        using var samples = Samples(config);
        var frozen = segmentor.state_dict().Where(kv => segmentor.FrozenPrefixes.Any(p => kv.Key.StartsWith(p, StringComparison.Ordinal)))
            .ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
        Assert.NotEmpty(frozen);

        // When it trains for 40 steps
        var (result, weights) = DenseClipTraining.Train(segmentor, samples, new DenseClipTrainingOptions { Steps = 40, BatchSize = 8, LearningRate = 3e-3, Seed = 1 });

        // Then the loss falls and CLIP's towers are unchanged
        Assert.Null(weights);
        Assert.Equal(40, result.Steps);
        Assert.All(result.Metrics, m => Assert.True(double.IsFinite(m.Loss), $"step {m.Step}: loss {m.Loss}"));
        var first = result.Metrics.Take(8).Average(m => m.Loss);
        var last = result.Metrics.TakeLast(8).Average(m => m.Loss);
        Assert.True(last < 0.7 * first, $"loss {first} → {last}");
        foreach (var (name, value) in segmentor.state_dict().Where(kv => frozen.ContainsKey(kv.Key)))
        {
            Assert.True(value.allclose(frozen[name], 0, 0), $"frozen tensor {name} changed");
        }
        Assert.Equal(scoreMaps, segmentor.UsesScoreMaps);
    }

    [Theory]
    [InlineData(DenseClipPrompting.Post, new[] { "core.contexts", "core.gamma", "core.context_decoder." })]
    [InlineData(DenseClipPrompting.Pre, new[] { "core.pre_queries", "core.pre_decoder." })]
    [InlineData(DenseClipPrompting.Both, new[] { "core.pre_queries", "core.pre_decoder.", "core.gamma", "core.context_decoder." })]
    public void Loss_Backward_GradientsReachExactlyTheModesPromptingTensorsAndTheHead(DenseClipPrompting prompting, string[] prompted)
    {
        // Given DenseCLIP on the world CLIP with CLIP's towers frozen as training freezes them
        var (segmentor, config) = Build(true, prompting);
        using var _ = segmentor;
        using var samples = Samples(config, 8);
        foreach (var (name, p) in segmentor.named_parameters())
        {
            p.requires_grad = !segmentor.FrozenPrefixes.Any(f => name.StartsWith(f, StringComparison.Ordinal));
        }
        segmentor.train();

        // When the training loss of four scenes is differentiated
        using (var loss = segmentor.Loss(samples.Images.narrow(0, 0, 4), samples.Labels.narrow(0, 0, 4))) { loss.backward(); }

        // Then the trainable tensors are the mode's prompting tensors and the head, and each prompting tensor has a
        // gradient (for pre-model queries it flows back through the frozen text encoder) ...
        var parameters = segmentor.named_parameters().ToList();
        var trainable = parameters.Where(p => p.parameter.requires_grad).Select(p => p.name).ToList();
        Assert.All(trainable, n => Assert.True(n.StartsWith("head.", StringComparison.Ordinal) || prompted.Any(p => n.StartsWith(p, StringComparison.Ordinal)), $"{n} trains"));
        foreach (var prefix in prompted)
        {
            var group = parameters.Where(p => p.name.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(group);
            Assert.All(group, p => Assert.True(p.parameter.grad is { } g && g.abs().max().item<float>() > 0, $"{p.name}: no gradient"));
        }
        Assert.Contains(parameters, p => p.name.StartsWith("head.", StringComparison.Ordinal) && p.parameter.grad is not null);
        // ... while CLIP's towers get none.
        var frozen = parameters.Where(p => segmentor.FrozenPrefixes.Any(f => p.name.StartsWith(f, StringComparison.Ordinal))).ToList();
        Assert.Contains(frozen, p => p.name.StartsWith("core.text_encoder.", StringComparison.Ordinal));
        Assert.All(frozen, p => Assert.Null(p.parameter.grad));
    }

    [Fact]
    public void Forward_DenseClip_ScoreMapsHaveOneChannelPerClassOnThePatchGrid()
    {
        var (segmentor, config) = Build(true);
        using var _ = segmentor;
        using var samples = Samples(config);
        segmentor.eval();
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();

        var (logits, scores) = segmentor.forward(samples.Images.narrow(0, 0, 2));

        Assert.Equal([2L, Classes.Length, 4, 4], logits.shape);
        Assert.NotNull(scores);
        Assert.Equal([2L, Classes.Length, 4, 4], scores.shape);
        Assert.True(scores.abs().max().item<float>() <= 1.0001f);   // cosine similarities
        using var picture = ScoreMapPicture.Render(samples.RawImage(0), scores.select(0, 0));
        Assert.Equal((32, (Classes.Length + 1) * 34, 3), (picture.Height, picture.Width, picture.Channels));
        // The first panel is the image itself.
        Assert.Equal(samples.RawImage(0).Pixels<byte>()[..3].ToArray(), picture.Pixels<byte>()[..3].ToArray());
    }

    [Fact]
    public void Score_HandComputedConfusion_GivesClassIoUAndMean()
    {
        var (segmentor, config) = Build(false);
        segmentor.Dispose();
        using var samples = Samples(config, 16);
        var truth = samples.Labels.reshape(samples.Count, -1).contiguous().data<long>().ToArray();
        var plane = truth.Length / samples.Count;
        // A perfect prediction scores 1 on every present class; an all-background one scores the background share.
        var perfect = Enumerable.Range(0, samples.Count).Select(s => truth.Skip(s * plane).Take(plane).Select(v => (byte)v).ToArray()).ToList();
        var allBackground = Enumerable.Range(0, samples.Count).Select(_ => new byte[plane]).ToList();

        var p = DenseClipEvaluation.Score(perfect, samples, Classes.Length);
        var b = DenseClipEvaluation.Score(allBackground, samples, Classes.Length);

        Assert.Equal(1.0, p.MeanIoU, 9);
        Assert.Equal(1.0, p.PixelAccuracy, 9);
        var backgroundShare = truth.Count(v => v == 0) / (double)truth.Length;
        Assert.Equal(backgroundShare, b.ClassIoU[0], 9);
        Assert.Equal(backgroundShare, b.PixelAccuracy, 9);
        Assert.All(b.ClassIoU.Skip(1).Where(double.IsFinite), v => Assert.Equal(0.0, v));
    }
}
