using Tessera.Segmentation.Labels;
using Tessera.Segmentation.Metrics;

namespace Tessera.Segmentation.Tests.Metrics;

public class BoundaryToleranceBoundsTests
{
    private static LabelMap Map(int seed)
    {
        var rng = new Random(seed);
        var labels = new byte[20 * 30];
        for (var i = 0; i < labels.Length; i++) { labels[i] = (byte)(((i / 30 / 5) + (i % 30 / 7) + rng.Next(0, 2)) % 3); }
        return LabelMap.FromLabels(labels, 20, 30);
    }

    [Fact]
    public void Compute_RadiusBeyondTheImage_EveryBoundaryPixelMatches()
    {
        var pred = Map(1);
        var gt = Map(2);
        // every class has boundary pixels on both sides, and a radius of 100000 reaches across the 20×30 image
        var huge = BoundaryFScore.Compute(pred, gt, 3, 255, [100000, 2]);
        Assert.All(huge[0], r => Assert.Equal((1.0, 1.0), r));
        Assert.Contains(huge[1], r => r.F < 1);
    }
}
