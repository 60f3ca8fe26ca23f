using Tessera.Augment.Color;
using Tessera.Augment.Crops;
using Tessera.Augment.Geometric;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Targets;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;

namespace Tessera.Augment.Tests.Pipeline;

public class ApplyStreamTests
{
    private static Compose Pipeline() => new([new RandomResizedCrop(40, 48), new HorizontalFlip(), new HueSaturationValue(p: 1)]);

    private static List<Sample> Samples(int n) => Enumerable.Range(0, n).Select(i => new Sample { Image = TestSamples.Rgb(50 + i, 60, (ulong)i + 3) }).ToList();

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 0)]
    [InlineData(3, 1)]
    [InlineData(2, 5)]
    public void ApplyStream_YieldsApplyBatchsOutputsInOrder(int workers, int prefetch)
    {
        var pipeline = Pipeline();
        var samples = Samples(17);
        var expected = pipeline.ApplyBatch(samples, 99, workers: 1);
        var i = 0;
        foreach (var output in pipeline.ApplyStream(samples, 99, workers, prefetch))
        {
            Assert.True(output.Image.ContentEquals(expected[i].Image), $"sample {i}");
            output.Dispose();
            i++;
        }
        Assert.Equal(samples.Count, i);
    }

    [Fact]
    public void ApplyStream_StoppedEarly_StopsTheWorkersAndLeavesInputsAlone()
    {
        var samples = Samples(40);
        var taken = Pipeline().ApplyStream(samples, 1, workers: 2, prefetch: 3).Take(5).ToList();
        Assert.Equal(5, taken.Count);
        Assert.All(taken, s => Assert.False(s.Image.IsDisposed));
        Assert.All(samples, s => Assert.False(s.Image.IsDisposed));
    }

    [Fact]
    public void ApplyStream_FailingSample_ThrowsItsErrorAtItsPosition()
    {
        var samples = Samples(6);
        samples[4] = new Sample { Image = TestSamples.Rgb(50, 60), Mask = Image.CreateGray(10, 10, PixelType.UInt8) };
        var seen = 0;
        var e = Assert.Throws<TesseraArgumentException>(() =>
        {
            foreach (var s in Pipeline().ApplyStream(samples, 1, workers: 2))
            {
                seen++;
                s.Dispose();
            }
        });
        Assert.Equal("mask", e.ParamName);
        Assert.Equal(4, seen);
    }

    [Fact]
    public void ApplyStream_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        var stream = Pipeline().ApplyStream(Samples(30), 1, workers: 2, cancellationToken: cts.Token);
        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            foreach (var s in stream)
            {
                s.Dispose();
                cts.Cancel();
            }
        });
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, -1)]
    public void ApplyStream_BadArguments_ThrowNamingThem(int workers, int prefetch)
    {
        var e = Assert.Throws<TesseraArgumentException>(() => Pipeline().ApplyStream(Samples(1), 1, workers, prefetch));
        Assert.Equal(workers < 1 ? "workers" : "prefetch", e.ParamName);
    }

    [Fact]
    public void ApplyStream_Empty_YieldsNothing() => Assert.Empty(Pipeline().ApplyStream([], 1, workers: 2));
}
