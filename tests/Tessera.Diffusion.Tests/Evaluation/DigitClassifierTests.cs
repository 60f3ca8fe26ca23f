using Tessera.Diffusion.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Diffusion.Tests.Evaluation;

public sealed class DigitClassifierTests
{
    /// <summary>32² images of three classes: a horizontal bar, a vertical bar, a square (random positions, noise).</summary>
    private static (Tensor Images, Tensor Labels) Shapes(int count, long seed)
    {
        var random = new Random((int)seed);
        var images = full(new long[] { count, 1, 32, 32 }, -1f);
        var labels = new long[count];
        for (var i = 0; i < count; i++)
        {
            labels[i] = i % 3;
            var r = random.Next(8, 20);
            var c = random.Next(8, 20);
            var (h, w) = labels[i] switch { 0 => (3, 14), 1 => (14, 3), _ => (8, 8) };
            images[i, 0, TensorIndex.Slice(r, r + h), TensorIndex.Slice(c, c + w)] = 1f;
        }
        using var g = new Generator((ulong)seed);
        images.add_(randn(images.shape, generator: g) * 0.1f);
        return (images, tensor(labels));
    }

    [Fact]
    public void Train_TinyRun_ReadsHeldOutShapes()
    {
        using var scope = NewDisposeScope();
        var (train, trainLabels) = Shapes(90, 1);
        var (test, testLabels) = Shapes(60, 2);
        torch.manual_seed(3);
        using var model = new DigitClassifier(classes: 3, featureDim: 16);
        model.eval();
        var before = DigitClassifierTraining.Accuracy(model, test, testLabels);

        var losses = DigitClassifierTraining.Train(model, train, trainLabels, new DigitClassifierTrainingOptions { Steps = 80, BatchSize = 16, Seed = 4 });

        var after = DigitClassifierTraining.Accuracy(model, test, testLabels);
        Assert.Equal(80, losses.Count);
        Assert.True(losses.TakeLast(10).Average() < losses.Take(10).Average() / 2, $"loss {losses.Take(10).Average()} → {losses.TakeLast(10).Average()}");
        Assert.True(after >= 0.9, $"held-out accuracy {after} (untrained {before})");
    }

    [Fact]
    public void Score_ReportsConfidentShareHistogramAndDistance()
    {
        using var scope = NewDisposeScope();
        var (train, labels) = Shapes(90, 1);
        torch.manual_seed(3);
        using var model = new DigitClassifier(classes: 3, featureDim: 16);
        DigitClassifierTraining.Train(model, train, labels, new DigitClassifierTrainingOptions { Steps = 60, BatchSize = 16, Seed = 4 });
        var (real, realLabels) = Shapes(60, 5);
        var (realFeatures, _) = SampleQuality.Embed(model, real);

        // "samples" that are all vertical bars: the histogram is one class, the distance is larger than for real-like ones
        var bars = real.index_select(0, realLabels.eq(1).nonzero().squeeze(1));
        var barReport = SampleQuality.Score(model, bars, realFeatures, 0.9);
        var (like, _) = Shapes(60, 6);
        var likeReport = SampleQuality.Score(model, like, realFeatures, 0.9);
        var (_, probabilities) = SampleQuality.Embed(model, like);

        var (_, barProbabilities) = SampleQuality.Embed(model, bars);
        var expectedBars = Enumerable.Range(0, 3).Select(k => (int)barProbabilities.argmax(1).eq(k).sum().item<long>()).ToArray();
        Assert.Equal(20, barReport.Count);
        Assert.Equal(expectedBars, barReport.Histogram);
        Assert.True(barReport.Histogram[1] >= 18, $"bars read as [{string.Join(", ", barReport.Histogram)}]");
        Assert.True(barReport.FrechetDistance > 2 * likeReport.FrechetDistance, $"{barReport.FrechetDistance} vs {likeReport.FrechetDistance}");
        var expectedShare = probabilities.max(1).values.ge(0.9).to_type(ScalarType.Float64).mean().item<double>();
        Assert.Equal(expectedShare, likeReport.ConfidentShare, 12);
        Assert.Equal(likeReport.ConfidentHistogram.Sum(), (int)Math.Round(expectedShare * 60));
        Assert.Equal(60, likeReport.Histogram.Sum());
        Assert.Throws<Tessera.Core.Errors.TesseraArgumentException>(() => SampleQuality.Score(model, like, realFeatures, 0));
    }
}
