using Tessera.Core.Arrays;
using Tessera.Data.Synthetic;
using Tessera.Segmentation.Labels;
using Tessera.Segmentation.Metrics;
using Tessera.Segmentation.SegFix;

namespace Tessera.Segmentation.Tests;

/// <summary>Invariants over seeded synthetic scenes.</summary>
public sealed class PropertyTests
{
    private static LabelMap Scene(int i, double ignore = 0.5) => LabelMap.FromNdArray(ShapeScenes.Generate(
        new ShapeSceneOptions { Height = 40 + (i % 3 * 7), Width = 52 - (i % 4 * 5), NumClasses = 5, Shapes = 6, IgnoreFraction = ignore }, 11, i));

    private static LabelMap Transpose(LabelMap m)
    {
        var t = new byte[m.Height * m.Width];
        for (var y = 0; y < m.Height; y++) { for (var x = 0; x < m.Width; x++) { t[(x * m.Height) + y] = m[y, x]; } }
        return LabelMap.FromLabels(t, m.Width, m.Height);
    }

    [Fact]
    public void DistanceMap_TransposedScene_IsTransposed()
    {
        for (var i = 0; i < 12; i++)
        {
            var m = Scene(i);
            var o = new SegFixOptions { NumClasses = 5, MinClassPixels = 10 };
            var a = SegFixGroundTruth.Compute(m, o).DistanceMap().AsSpan<float>().ToArray();
            var b = SegFixGroundTruth.Compute(Transpose(m), o).DistanceMap().AsSpan<float>().ToArray();
            for (var y = 0; y < m.Height; y++)
            {
                for (var x = 0; x < m.Width; x++) { Assert.Equal(a[(y * m.Width) + x], b[(x * m.Height) + y]); }
            }
        }
    }

    [Fact]
    public void OffsetMap_NonZeroOnlyOnBoundary_AndMatchesBinTable()
    {
        for (var i = 0; i < 8; i++)
        {
            var t = SegFixGroundTruth.Compute(Scene(i), new SegFixOptions { NumClasses = 5 });
            var boundary = t.Boundary().AsSpan<sbyte>().ToArray();
            foreach (var bins in new[] { 4, 8, 16 })
            {
                var off = t.OffsetMap(bins).AsSpan<sbyte>().ToArray();
                var dir = t.DirectionBinMap(bins).AsSpan<sbyte>().ToArray();
                for (var p = 0; p < boundary.Length; p++)
                {
                    if (boundary[p] != 1) { Assert.True(off[2 * p] == 0 && off[(2 * p) + 1] == 0); continue; }
                    Assert.Equal(DirectionBins.Offset(dir[p], bins), (off[2 * p], off[(2 * p) + 1]));
                }
            }
        }
    }

    [Fact]
    public void Refine_ZeroOffsets_IsIdentity()
    {
        for (var i = 0; i < 6; i++)
        {
            var m = Scene(i);
            Assert.Equal(m.Labels.ToArray(), SegFixRefinement.Refine(m, NdArray.Zeros(DType.Int8, m.Height, m.Width, 2), 2, 3).Labels.ToArray());
        }
    }

    [Fact]
    public void BoundaryF_SwappingPredictionAndTruth_KeepsF()
    {
        for (var i = 0; i < 8; i++)
        {
            var o = new ShapeSceneOptions { Height = 48, Width = 56, NumClasses = 5, Shapes = 6 };
            var a = LabelMap.FromNdArray(ShapeScenes.Generate(o, 21, i));
            var b = LabelMap.FromNdArray(ShapeScenes.Generate(o, 22, i));
            var ab = BoundaryFScore.Compute(a, b, 5, 255, [1, 3]);
            var ba = BoundaryFScore.Compute(b, a, 5, 255, [1, 3]);
            for (var t = 0; t < 2; t++)
            {
                for (var c = 0; c < 5; c++) { Assert.Equal(ab[t][c].F, ba[t][c].F, 12); }
            }
        }
    }

    [Fact]
    public void OracleRefinement_CoarseScenes_DoesNotLowerPixelAccuracyOnAverage()
    {
        var before = new SegmentationEvaluator(5, 255, []);
        var after = new SegmentationEvaluator(5, 255, []);
        for (var i = 0; i < 10; i++)
        {
            var gt = LabelMap.FromNdArray(ShapeScenes.Generate(new ShapeSceneOptions { Height = 96, Width = 96, NumClasses = 5, Shapes = 5 }, 3, i));
            var coarse = CoarsePrediction.DownUp(gt, 6, 5);
            before.Add(coarse, gt);
            after.Add(SegFixRefinement.RefineWithOracle(coarse, gt, new SegFixOptions { NumClasses = 5 }), gt);
        }
        Assert.True(after.Report().Scores.PixelAccuracy > before.Report().Scores.PixelAccuracy);
    }
}
