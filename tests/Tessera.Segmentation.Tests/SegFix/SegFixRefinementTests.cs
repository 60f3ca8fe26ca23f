using Tessera.Core.Arrays;
using Tessera.Core.Errors;
using Tessera.Segmentation.Labels;
using Tessera.Segmentation.SegFix;

namespace Tessera.Segmentation.Tests.SegFix;

public sealed class SegFixRefinementTests
{
    [Fact]
    public void Refine_OffsetsPointOutside_ClampToBorder()
    {
        var pred = LabelMap.FromLabels([1, 2, 3, 4, 5, 6], 2, 3);
        var off = new sbyte[12];
        off[0] = -1; off[1] = -1;        // (0,0) → (-2,-2) → clamped (0,0)
        off[2 * 2] = 0; off[(2 * 2) + 1] = 1; // (0,2) → (0,4) clamped (0,2)
        off[2 * 3] = -1; off[(2 * 3) + 1] = 1; // (1,0) → (-1, 2) → (0,2) = 3
        var r = SegFixRefinement.Refine(pred, NdArray.FromArray<sbyte>(off, 2, 3, 2));
        Assert.Equal(new byte[] { 1, 2, 3, 3, 5, 6 }, r.Labels.ToArray());
    }

    [Fact]
    public void Refine_TwoSteps_FollowsOffsetsTwice()
    {
        var pred = LabelMap.FromLabels([1, 2, 3, 4, 5, 6, 7], 1, 7);
        var off = new sbyte[14];
        for (var x = 0; x < 7; x++) { off[(2 * x) + 1] = 1; }
        var r = SegFixRefinement.Refine(pred, NdArray.FromArray<sbyte>(off, 1, 7, 2), scale: 1, steps: 2);
        Assert.Equal(new byte[] { 3, 4, 5, 6, 7, 7, 7 }, r.Labels.ToArray());
    }

    [Fact]
    public void Refine_DoesNotMutateInputs()
    {
        var pred = LabelMap.FromLabels([1, 2, 3, 4], 2, 2);
        var off = NdArray.FromArray<sbyte>([1, 1, 0, 0, 0, 0, 0, 0], 2, 2, 2);
        var before = off.Bytes.ToArray();
        _ = SegFixRefinement.Refine(pred, off);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, pred.Labels.ToArray());
        Assert.Equal(before, off.Bytes.ToArray());
    }

    [Fact]
    public void Refine_WrongOffsetShape_ThrowsNamingOffsets()
    {
        var pred = LabelMap.FromLabels([1, 2, 3, 4], 2, 2);
        var e = Assert.Throws<TesseraArgumentException>(() => SegFixRefinement.Refine(pred, NdArray.Zeros(DType.Int8, 2, 3, 2)));
        Assert.Equal("offsets", e.ParamName);
        Assert.Equal("scale", Assert.Throws<TesseraArgumentException>(() => SegFixRefinement.Refine(pred, NdArray.Zeros(DType.Int8, 2, 2, 2), 0)).ParamName);
        Assert.Equal("offsets", Assert.Throws<TesseraArgumentException>(() => SegFixRefinement.Refine(pred, NdArray.Zeros(DType.Float32, 2, 2, 2))).ParamName);
    }

    [Fact]
    public void RefineWithOracle_CoarseSquare_ImprovesAgreement()
    {
        // Given a ground-truth square and a prediction whose square is shifted by one pixel
        const int n = 40;
        var gt = new byte[n * n];
        var pred = new byte[n * n];
        for (var y = 10; y < 30; y++) { for (var x = 10; x < 30; x++) { gt[(y * n) + x] = 1; pred[(y * n) + x + 1] = 1; } }
        var g = LabelMap.FromLabels(gt, n, n);
        var p = LabelMap.FromLabels(pred, n, n);
        // When
        var r = SegFixRefinement.RefineWithOracle(p, g, new SegFixOptions { NumClasses = 2 });
        // Then fewer pixels disagree with the ground truth
        static int Wrong(LabelMap a, LabelMap b) { var k = 0; for (var i = 0; i < a.Labels.Length; i++) { if (a.Labels[i] != b.Labels[i]) { k++; } } return k; }
        Assert.True(Wrong(r, g) < Wrong(p, g), $"{Wrong(r, g)} vs {Wrong(p, g)}");
    }

    [Fact]
    public void RefineBilinearUnaligned_ZeroOffsets_BlendsHalfPixelShiftedLabels()
    {
        // align_corners=False with (W-1)/2 normalisation samples x·W/(W-1) − 0.5 even without offsets
        var pred = LabelMap.FromLabels([0, 4, 8, 12, 0, 4, 8, 12], 2, 4);
        var r = SegFixRefinement.RefineBilinearUnaligned(pred, NdArray.Zeros(DType.Int8, 2, 4, 2));
        Assert.Equal(new byte[] { 0, 3, 9, 12, 0, 3, 9, 12 }, r.Labels.ToArray());
        Assert.Equal("prediction", Assert.Throws<TesseraArgumentException>(
            () => SegFixRefinement.RefineBilinearUnaligned(LabelMap.FromLabels([1, 2], 1, 2), NdArray.Zeros(DType.Int8, 1, 2, 2))).ParamName);
    }

    [Fact]
    public void OffsetsFromPrediction_MaskBelowHalf_GivesZero()
    {
        var mask = NdArray.FromArray<float>([0.4f, 0.6f], 1, 2);
        var dir = NdArray.FromArray<sbyte>([4, 4], 1, 2);
        var off = SegFixRefinement.OffsetsFromPrediction(mask, dir, 8).AsSpan<sbyte>().ToArray();
        Assert.Equal(new sbyte[] { 0, 0, 0, 1 }, off);
        Assert.Equal("directionBins", Assert.Throws<TesseraArgumentException>(
            () => SegFixRefinement.OffsetsFromPrediction(mask, NdArray.FromArray<sbyte>([9, 9], 1, 2), 8)).ParamName);
    }
}
