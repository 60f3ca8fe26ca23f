using Tessera.Core.Random;
using Tessera.Segmentation.Labels;
using Tessera.Segmentation.SegFix;

namespace Tessera.Segmentation.Tests.SegFix;

public sealed class EuclideanDistanceTests
{
    private static LabelMap RandomBlobs(ulong seed, int h, int w, int classes)
    {
        var rng = new SeededRandom(seed);
        var px = new byte[h * w];
        for (var k = 0; k < 12; k++)
        {
            var c = (byte)rng.NextInt(0, classes);
            int y0 = rng.NextInt(0, h), x0 = rng.NextInt(0, w), y1 = Math.Min(h, y0 + rng.NextInt(1, h / 2)), x1 = Math.Min(w, x0 + rng.NextInt(1, w / 2));
            for (var y = y0; y < y1; y++) { for (var x = x0; x < x1; x++) { px[(y * w) + x] = c; } }
        }
        for (var k = 0; k < 10; k++) { px[rng.NextInt(0, h * w)] = 255; }
        return LabelMap.FromLabels(px, h, w);
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public void DistanceMap_RandomMaps_EqualsBruteForceNearestOtherLabel(ulong seed)
    {
        // Given a random label map (classes and ignore pixels)
        const int h = 23, w = 31;
        var map = RandomBlobs(seed, h, w, 4);
        // When
        var t = SegFixGroundTruth.Compute(map, new SegFixOptions { NumClasses = 4, MinClassPixels = 0 });
        var d = t.DistanceMap().AsSpan<float>().ToArray();
        // Then every class pixel holds the distance to the nearest pixel of another label (image border is no boundary)
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var c = map[y, x];
                if (c == 255) { Assert.Equal(0f, d[(y * w) + x]); continue; }
                var best = double.PositiveInfinity;
                for (var yy = 0; yy < h; yy++)
                {
                    for (var xx = 0; xx < w; xx++)
                    {
                        if (map[yy, xx] != c) { best = Math.Min(best, ((yy - y) * (yy - y)) + ((xx - x) * (xx - x))); }
                    }
                }
                Assert.Equal((float)Math.Sqrt(best), d[(y * w) + x]);
            }
        }
    }

    [Fact]
    public void DistanceMap_SingleClass_MeasuresToVirtualPixelAboveOrigin()
    {
        var map = LabelMap.FromLabels(new byte[6 * 5], 6, 5);
        var d = SegFixGroundTruth.Compute(map, new SegFixOptions { NumClasses = 2, MinClassPixels = 1 }).DistanceMap().AsSpan<float>().ToArray();
        Assert.Equal(1f, d[0]);
        Assert.Equal((float)Math.Sqrt((6 * 6) + (4 * 4)), d[(5 * 5) + 4]);
    }

    [Fact]
    public void Compute_ClassUnderMinPixels_IsSkippedAndAlwaysBoundary()
    {
        var px = new byte[20 * 20];
        px[(10 * 20) + 10] = 1;
        var t = SegFixGroundTruth.Compute(LabelMap.FromLabels(px, 20, 20), new SegFixOptions { NumClasses = 2 });
        Assert.Equal([0], t.ProcessedClasses);
        Assert.Equal([1], t.SkippedClasses);
        Assert.Equal(1, t.Boundary().AsSpan<sbyte>()[(10 * 20) + 10]);
        Assert.Equal(0f, t.DistanceMap().AsSpan<float>()[(10 * 20) + 10]);
    }
}
