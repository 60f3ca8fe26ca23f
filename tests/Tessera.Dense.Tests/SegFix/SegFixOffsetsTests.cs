using Tessera.Core.Errors;
using Tessera.Data.Synthetic;
using Tessera.Dense.SegFix;
using Tessera.Nn.Runtime;
using Tessera.Nn.Tensors;
using Tessera.Segmentation.Labels;
using Tessera.Segmentation.SegFix;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Tessera.Dense.Tests.SegFix;

public sealed class SegFixOffsetsTests
{
    public SegFixOffsetsTests() => TorchRuntime.EnsureLoaded();

    [Theory]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    public void FromLogits_OneHotOfGroundTruth_EqualsLabelSpaceOffsets(int bins)
    {
        // Given SegFix targets of a synthetic label map
        var labels = LabelMap.FromNdArray(ShapeScenes.Generate(new ShapeSceneOptions { Height = 48, Width = 64, IgnoreFraction = 1 }, 3));
        var targets = SegFixGroundTruth.Compute(labels, new SegFixOptions { NumClasses = 6 });
        using var scope = torch.NewDisposeScope();
        var boundary = ImageTensors.ToTensor(targets.Boundary()).to_type(ScalarType.Int64);
        var direction = ImageTensors.ToTensor(targets.DirectionBinMap(bins)).to_type(ScalarType.Int64).clamp_min(0);

        // When logits that encode them (large where a pixel is boundary / in its bin) are decoded
        var mask = torch.stack([torch.zeros_like(boundary).to_type(ScalarType.Float32), boundary.eq(1).to_type(ScalarType.Float32) * 8 - 4]).unsqueeze(0);
        var dir = nn.functional.one_hot(direction, bins).permute(2, 0, 1).to_type(ScalarType.Float32).unsqueeze(0) * 5;
        var prediction = SegFixOffsets.FromLogits(new SegFixOutput(mask, dir));

        // Then the offsets equal the label-space oracle offsets exactly, and refinement agrees too
        var oracle = targets.OffsetMap(bins);
        Assert.Equal(oracle.Shape, prediction.Offsets.Shape);
        Assert.Equal(oracle.AsSpan<sbyte>().ToArray(), prediction.Offsets.AsSpan<sbyte>().ToArray());
        var coarse = CoarsePrediction.DownUp(labels, 8, 6);
        Assert.Equal(SegFixRefinement.Refine(coarse, oracle).Labels.ToArray(), SegFixRefinement.Refine(coarse, prediction.Offsets).Labels.ToArray());
    }

    [Fact]
    public void FromLogits_BelowHalfProbability_GivesZeroOffset()
    {
        using var scope = torch.NewDisposeScope();
        // boundary probability exactly 0.5 (equal logits) is not boundary (> 0.5 as openseg's decoding)
        var mask = torch.zeros(1, 2, 3, 3);
        var dir = torch.zeros(1, 8, 3, 3);
        dir[0, 3] = torch.ones(3, 3);
        var prediction = SegFixOffsets.FromLogits(new SegFixOutput(mask, dir));
        Assert.All(prediction.Offsets.AsSpan<sbyte>().ToArray(), v => Assert.Equal(0, v));
        Assert.All(prediction.DirectionBins.AsSpan<sbyte>().ToArray(), v => Assert.Equal(3, v));

        // and with the mask on, every pixel gets bin 3's step
        mask[0, 1] = torch.ones(3, 3);
        var on = SegFixOffsets.FromLogits(new SegFixOutput(mask, dir)).Offsets.AsSpan<sbyte>().ToArray();
        var (dh, dw) = DirectionBins.Offset(3, 8);
        for (var i = 0; i < 9; i++)
        {
            Assert.Equal(dh, on[2 * i]);
            Assert.Equal(dw, on[(2 * i) + 1]);
        }
    }

    [Fact]
    public void FromLogits_UnsupportedBinCount_Throws()
    {
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<TesseraArgumentException>(() => SegFixOffsets.FromLogits(new SegFixOutput(torch.zeros(1, 2, 3, 3), torch.zeros(1, 6, 3, 3))));
        Assert.Equal("output", e.ParamName);
    }
}
