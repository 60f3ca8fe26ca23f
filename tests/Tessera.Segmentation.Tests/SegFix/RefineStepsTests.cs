using System.Diagnostics;
using Tessera.Core.Arrays;
using Tessera.Segmentation.Labels;
using Tessera.Segmentation.SegFix;

namespace Tessera.Segmentation.Tests.SegFix;

public class RefineStepsTests
{
    private static (LabelMap Pred, NdArray Offsets) Random(int h, int w, int seed)
    {
        var rng = new System.Random(seed);
        var labels = new byte[h * w];
        rng.NextBytes(labels);
        var off = new sbyte[h * w * 2];
        for (var i = 0; i < off.Length; i++) { off[i] = (sbyte)rng.Next(-3, 4); }
        return (LabelMap.FromLabels(labels, h, w), NdArray.FromArray<sbyte>(off, h, w, 2));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void Refine_ManySteps_EqualsStepByStep(int steps)
    {
        var (pred, offsets) = Random(13, 17, steps);
        var expected = pred;
        for (var s = 0; s < steps; s++) { expected = SegFixRefinement.Refine(expected, offsets, 2, 1); }
        Assert.Equal(expected.Labels.ToArray(), SegFixRefinement.Refine(pred, offsets, 2, steps).Labels.ToArray());
    }

    [Fact]
    public void Refine_TwoBillionSteps_FinishesQuickly()
    {
        var (pred, offsets) = Random(64, 64, 1);
        var clock = Stopwatch.StartNew();
        var refined = SegFixRefinement.Refine(pred, offsets, 2, 2_000_000_000);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Equal(64 * 64, refined.Labels.Length);
    }

    [Fact]
    public void Refine_Cancelled_Throws()
    {
        var (pred, offsets) = Random(8, 8, 2);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => SegFixRefinement.Refine(pred, offsets, 2, 5, cts.Token));
    }
}
