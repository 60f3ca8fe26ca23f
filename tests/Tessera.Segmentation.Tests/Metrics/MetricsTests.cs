using Tessera.Core.Errors;
using Tessera.Segmentation.Labels;
using Tessera.Segmentation.Metrics;

namespace Tessera.Segmentation.Tests.Metrics;

public sealed class MetricsTests
{
    [Fact]
    public void ConfusionMatrix_HandCase_GivesIouAndAccuracy()
    {
        // gt:   0 0 1 255 ; pred: 0 1 1 0
        var gt = LabelMap.FromLabels([0, 0, 1, 255], 1, 4);
        var pred = LabelMap.FromLabels([0, 1, 1, 0], 1, 4);
        var cm = new ConfusionMatrix(3);
        cm.Add(pred, gt);
        var s = cm.Scores();
        Assert.Equal(1, cm[0, 0]);
        Assert.Equal(1, cm[0, 1]);
        Assert.Equal(1, cm[1, 1]);
        Assert.Equal(2.0 / 3, s.PixelAccuracy, 12);
        Assert.Equal(0.5, s.PerClassIou[0]!.Value, 12);
        Assert.Equal(0.5, s.PerClassIou[1]!.Value, 12);
        Assert.Null(s.PerClassIou[2]);
        Assert.Equal(0.5, s.MeanIou, 12);
    }

    [Fact]
    public void ConfusionMatrix_StreamingOverImages_EqualsOneConcatenatedImage()
    {
        var rng = new Tessera.Core.Random.SeededRandom(3);
        byte[] R(int n) => [.. Enumerable.Range(0, n).Select(_ => (byte)rng.NextInt(0, 4))];
        var g1 = R(50); var p1 = R(50); var g2 = R(50); var p2 = R(50);
        var a = new ConfusionMatrix(4);
        Parallel.Invoke(() => a.Add(LabelMap.FromLabels(p1, 5, 10), LabelMap.FromLabels(g1, 5, 10)),
            () => a.Add(LabelMap.FromLabels(p2, 5, 10), LabelMap.FromLabels(g2, 5, 10)));
        var b = new ConfusionMatrix(4);
        b.Add(LabelMap.FromLabels([.. p1, .. p2], 10, 10), LabelMap.FromLabels([.. g1, .. g2], 10, 10));
        Assert.Equal(b.ToArray(), a.ToArray());
        Assert.Equal(2, a.Images);
    }

    [Fact]
    public void ConfusionMatrix_BadInput_ThrowsNamingTheMap()
    {
        var cm = new ConfusionMatrix(3);
        var e = Assert.Throws<TesseraArgumentException>(() => cm.Add(LabelMap.FromLabels([0, 5], 1, 2), LabelMap.FromLabels([0, 0], 1, 2), "a.png"));
        Assert.Contains("a.png", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<TesseraArgumentException>(() => cm.Add(LabelMap.FromLabels([0, 1], 1, 2), LabelMap.FromLabels([0, 0, 0], 1, 3), "b.png"));
        Assert.Contains("b.png", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BoundaryF_IdenticalMaps_IsOneForEveryClass()
    {
        var m = LabelMap.FromLabels([0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 2, 2], 3, 4);
        var r = BoundaryFScore.Compute(m, m, 4, 255, [1]);
        Assert.All(r[0], v => Assert.Equal(1.0, v.F));
    }

    [Fact]
    public void BoundaryF_ShiftedEdge_MatchesWithinToleranceOnly()
    {
        // vertical edge at column 5 in gt, column 7 in pred (2 px apart)
        const int h = 10, w = 12;
        var g = new byte[h * w];
        var p = new byte[h * w];
        for (var y = 0; y < h; y++) { for (var x = 0; x < w; x++) { g[(y * w) + x] = (byte)(x >= 5 ? 1 : 0); p[(y * w) + x] = (byte)(x >= 7 ? 1 : 0); } }
        var r = BoundaryFScore.Compute(LabelMap.FromLabels(p, h, w), LabelMap.FromLabels(g, h, w), 2, 255, [1, 2]);
        Assert.Equal(0.0, r[0][1].F);
        Assert.Equal(1.0, r[1][1].F);
    }

    [Fact]
    public void BoundaryF_ClassAbsentFromBoth_CountsAsOneInOfficialMean()
    {
        var m = LabelMap.FromLabels([0, 0, 0, 1], 2, 2);
        var ev = new SegmentationEvaluator(3, 255, [1]);
        ev.Add(m, m);
        Assert.Equal(1.0, ev.Report().BoundaryF[1].MeanF);
    }

    [Fact]
    public void TolerancePixels_Fraction_UsesDiagonal()
    {
        Assert.Equal(3, BoundaryFScore.TolerancePixels(BoundaryFScore.DefaultThreshold, 1024, 2048)); // ceil(0.00088 · 2289.7) = ceil(2.015)
        Assert.Equal(1, BoundaryFScore.TolerancePixels(BoundaryFScore.DefaultThreshold, 48, 64));
        Assert.Equal(3, BoundaryFScore.TolerancePixels(3, 10, 10));
        Assert.Equal("threshold", Assert.Throws<TesseraArgumentException>(() => BoundaryFScore.TolerancePixels(1.5, 10, 10)).ParamName);
    }
}
