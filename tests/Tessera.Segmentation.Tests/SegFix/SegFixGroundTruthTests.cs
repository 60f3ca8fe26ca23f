using Tessera.Core.Errors;
using Tessera.Segmentation.Labels;
using Tessera.Segmentation.SegFix;

namespace Tessera.Segmentation.Tests.SegFix;

public sealed class SegFixGroundTruthTests
{
    private static LabelMap TwoHalves(int h, int w)
    {
        var px = new byte[h * w];
        for (var y = 0; y < h; y++) { for (var x = w / 2; x < w; x++) { px[(y * w) + x] = 1; } }
        return LabelMap.FromLabels(px, h, w);
    }

    [Fact]
    public void Compute_VerticalBorder_OffsetsPointIntoOwnClassAwayFromBorder()
    {
        var t = SegFixGroundTruth.Compute(TwoHalves(20, 40), new SegFixOptions { NumClasses = 2 });
        var off = t.OffsetMap(8).AsSpan<sbyte>().ToArray();
        var w = 40;
        // pixel just left of the border (class 0) points left, just right (class 1) points right
        Assert.Equal((sbyte)-1, off[(((10 * w) + 19) * 2) + 1]);
        Assert.Equal((sbyte)1, off[(((10 * w) + 20) * 2) + 1]);
        Assert.Equal((sbyte)0, off[((10 * w) + 19) * 2]);
        // far from the border (distance 10 > 5): not boundary, zero offset
        Assert.Equal(0, t.Boundary().AsSpan<sbyte>()[(10 * w) + 5]);
    }

    [Fact]
    public void Compute_IgnorePixels_AreMinusOneInBoundaryAndDirection()
    {
        var px = TwoHalves(20, 40).Labels.ToArray();
        px[0] = 255;
        var t = SegFixGroundTruth.Compute(LabelMap.FromLabels(px, 20, 40), new SegFixOptions { NumClasses = 2 });
        Assert.Equal(-1, t.Boundary().AsSpan<sbyte>()[0]);
        Assert.Equal(-1, t.DirectionBinMap(16).AsSpan<sbyte>()[0]);
        Assert.Equal(0f, t.DistanceMap().AsSpan<float>()[0]);
    }

    [Fact]
    public void Compute_LabelOutOfRange_ThrowsNamingLabels()
    {
        var px = new byte[16];
        px[3] = 7;
        var e = Assert.Throws<TesseraArgumentException>(() => SegFixGroundTruth.Compute(LabelMap.FromLabels(px, 4, 4), new SegFixOptions { NumClasses = 3 }));
        Assert.Equal("labels", e.ParamName);
        Assert.Contains("label 7", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4, "KernelSize")]
    [InlineData(1, "KernelSize")]
    public void Compute_BadKernel_ThrowsNamingOption(int k, string name)
        => Assert.Equal(name, Assert.Throws<TesseraArgumentException>(
            () => SegFixGroundTruth.Compute(TwoHalves(8, 8), new SegFixOptions { KernelSize = k, NumClasses = 2 })).ParamName);

    [Fact]
    public void Compute_Deterministic_AndInputUntouched()
    {
        var map = TwoHalves(30, 50);
        var copy = map.Labels.ToArray();
        var a = SegFixGroundTruth.Compute(map, new SegFixOptions { NumClasses = 2, KernelSize = 9 });
        var b = SegFixGroundTruth.Compute(map, new SegFixOptions { NumClasses = 2, KernelSize = 9 });
        Assert.Equal(a.DirectionResponse().Bytes.ToArray(), b.DirectionResponse().Bytes.ToArray());
        Assert.Equal(copy, map.Labels.ToArray());
    }
}
