using Tessera.Diffusion.Process;
using Tessera.Diffusion.Segmentation;
using static TorchSharp.torch;

namespace Tessera.Diffusion.Tests.Segmentation;

public sealed class PixelSegmenterTests
{
    /// <summary>Images whose left half is dark and right half bright (the split column varies); labels follow brightness.</summary>
    private sealed class HalfImages(int count, int size) : ILabelledImages
    {
        public int Count => count;

        public (Tensor Image, Tensor Labels) Load(int index)
        {
            var split = (size / 4) + (index % (size / 2));
            var cols = arange(size).unsqueeze(0).expand(size, size);
            var labels = cols.ge(split).to_type(ScalarType.Int64);
            var image = (labels.to_type(ScalarType.Float32) * 1.6f) - 0.8f;
            return (image.unsqueeze(0).unsqueeze(0).contiguous(), labels.contiguous());
        }
    }

    [Fact]
    public void TrainAndSegment_TwoRegions_LearnsThem()
    {
        using var model = TinyModels.Seeded(TinyModels.UNet());
        var diffusion = GaussianDiffusion.Create(TinyModels.Process(steps: 100));
        var extractor = new DdpmFeatureExtractor(model, diffusion, new FeatureExtractorOptions { Steps = [5, 20], Blocks = [1, 3], Seed = 2 });
        var data = new HalfImages(3, 16);

        using var ensemble = PixelSegmenter.Train(extractor, data, 2, new PixelClassifierTrainingOptions { Members = 2, Epochs = 3, PixelBatch = 32, Seed = 4 });
        var (image, labels) = new HalfImages(5, 16).Load(4);
        using var seg = PixelSegmenter.Segment(extractor, ensemble, image, pixelBatch: 100);

        var accuracy = seg.Labels.eq(labels).to_type(ScalarType.Float32).mean().item<float>();
        Assert.True(accuracy > 0.9f, $"pixel accuracy {accuracy}");
        Assert.Equal([16L, 16], seg.Disagreement.shape);
        Assert.True(seg.Uncertainty >= 0);
    }

    [Fact]
    public void MajorityVote_Tie_GoesToSmallestLabel()
    {
        using var scope = NewDisposeScope();
        var labels = tensor(new long[,] { { 3, 1, 2 }, { 1, 1, 0 } });

        var vote = PixelEnsemble.MajorityVote(labels, 4);

        Assert.Equal([1L, 1, 0], vote.data<long>().ToArray());
    }
}
