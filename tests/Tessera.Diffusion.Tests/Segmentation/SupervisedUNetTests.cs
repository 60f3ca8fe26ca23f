using Tessera.Diffusion.Segmentation;
using static TorchSharp.torch;

namespace Tessera.Diffusion.Tests.Segmentation;

public sealed class SupervisedUNetTests
{
    /// <summary>16² images with a bright square (class 1) on a dark background (class 0) at a position given by the index.</summary>
    private sealed class Squares(int count, long value = 1) : ILabelledImages
    {
        public int Count => count;

        public (Tensor Image, Tensor Labels) Load(int index)
        {
            var labels = zeros(new long[] { 16, 16 }, ScalarType.Int64);
            var r = 2 + (index * 3 % 8);
            var c = 1 + (index * 5 % 9);
            labels[TensorIndex.Slice(r, r + 6), TensorIndex.Slice(c, c + 6)] = value;
            var image = (labels.gt(0).to_type(ScalarType.Float32) * 1.6f) - 0.8f;
            return (image.unsqueeze(0).unsqueeze(0), labels);
        }
    }

    [Fact]
    public void Train_FewLabelledImages_SegmentsAHeldOutOne()
    {
        using var scope = NewDisposeScope();
        var architecture = TinyModels.UNet(learnSigma: false) with { AttentionResolutions = [] };
        using var model = SupervisedUNet.Train(architecture, new Squares(4), 2, new SupervisedUNetOptions { Steps = 40, BatchSize = 2, LearningRate = 3e-3, Seed = 1 });
        var (image, labels) = new Squares(7).Load(6);

        var predicted = SupervisedUNet.Segment(model, image);

        Assert.Equal(2, (int)model.Config.OutChannels);
        Assert.Equal([16L, 16], predicted.shape);
        var accuracy = predicted.eq(labels).to_type(ScalarType.Float32).mean().item<float>();
        Assert.True(accuracy > 0.95f, $"pixel accuracy {accuracy}");
    }

    [Fact]
    public void Train_LabelOutOfRange_Throws()
    {
        var architecture = TinyModels.UNet(learnSigma: false);
        Assert.Throws<Tessera.Core.Errors.TesseraArgumentException>(() =>
            SupervisedUNet.Train(architecture, new Squares(2, value: 3), 2, new SupervisedUNetOptions { Steps = 1 }));
    }
}
