using OpenCvSharp;
using Tessera.Augment.Color;
using Tessera.Augment.Common;
using Tessera.Augment.Crops;
using Tessera.Augment.Geometric;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Targets;
using Tessera.Core.Imaging;
using Tessera.Imaging;

namespace Tessera.Augment.Tests.Pipeline;

/// <summary>Pipelines hand intermediate images back to the pixel pool; inputs and outputs are never disposed by them.</summary>
public class PooledMemoryTests
{
    private static Compose TrainLike() => new(
    [
        new RandomResizedCrop(96, 96),
        new Flip(p: 1),
        new RandomRotate90(p: 1),
        new ShiftScaleRotate(p: 1),
        new HueSaturationValue(p: 1),
        new RandomBrightnessContrast(p: 1),
        new Normalize(),
    ]);

    [Fact]
    public void Apply_DisposesIntermediatesOnly_InputsAndOutputsStayUsable()
    {
        var image = TestSamples.Rgb(128, 160);
        var mask = TestSamples.Mask(128, 160);
        var imageBefore = image.Clone();
        var maskBefore = mask.Clone();
        using var output = TrainLike().Apply(new Sample { Image = image, Mask = mask, Masks = [mask] }, 3);
        Assert.False(image.IsDisposed);
        Assert.False(mask.IsDisposed);
        Assert.True(image.ContentEquals(imageBefore));
        Assert.True(mask.ContentEquals(maskBefore));
        Assert.False(output.Image.IsDisposed);
        Assert.False(output.Mask!.IsDisposed);
        Assert.False(output.Masks[0].IsDisposed);
        Assert.Equal(new[] { 96, 96, 3 }, output.Image.Shape);
        Assert.True(output.Mask.ContentEquals(output.Masks[0]));
    }

    [Fact]
    public void Apply_AfterEarlierOutputsWereDisposed_GivesTheSameResult()
    {
        var pipeline = TrainLike();
        var sample = new Sample { Image = TestSamples.Rgb(128, 160, seed: 5) };
        var first = pipeline.Apply(sample, 11);
        var kept = first.Image.Clone();
        first.Dispose();
        for (var i = 0; i < 5; i++)
        {
            pipeline.Apply(sample, (ulong)(100 + i)).Dispose(); // churn the pool with other images
        }
        using var again = pipeline.Apply(sample, 11);
        Assert.True(again.Image.ContentEquals(kept));
    }

    [Fact]
    public void Apply_InSteadyStateWithDisposedOutputs_AllocatesNoImageBuffers()
    {
        var pipeline = TrainLike();
        var sample = new Sample { Image = TestSamples.Rgb(256, 256) };
        for (var i = 0; i < 20; i++)
        {
            pipeline.Apply(sample, (ulong)i).Dispose();
        }
        const int N = 50;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < N; i++)
        {
            pipeline.Apply(sample, (ulong)(1000 + i)).Dispose();
        }
        var perImage = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)N;
        // one 96×96×3 float output alone is 110 KB and every intermediate at least 27 KB: without pooling this is > 250 KB
        Assert.True(perImage < 24 * 1024, $"allocated {perImage / 1024:F1} KiB per image in steady state");
    }

    [Fact]
    public void ApplyBatch_OutputsAreIndependentOfEachOther()
    {
        var pipeline = TrainLike();
        var samples = Enumerable.Range(0, 12).Select(i => new Sample { Image = TestSamples.Rgb(64, 80, (ulong)i + 1) }).ToList();
        var reference = samples.Select((s, i) => pipeline.Apply(s, new Core.Random.SeededRandom(7, (ulong)i)).Image.Clone()).ToList();
        var batch = pipeline.ApplyBatch(samples, 7, workers: 2);
        for (var i = 0; i < batch.Count; i++)
        {
            Assert.True(batch[i].Image.ContentEquals(reference[i]), $"sample {i}");
        }
    }

    [Theory]
    [InlineData(0, PixelType.UInt8, 3, false)]
    [InlineData(1, PixelType.UInt8, 3, false)]
    [InlineData(2, PixelType.UInt8, 4, false)]
    [InlineData(3, PixelType.Float32, 3, false)]
    [InlineData(4, PixelType.UInt8, 1, true)]
    [InlineData(1, PixelType.Float32, 1, false)]
    public void ResizeWindow_EqualsCropThenResize(int interpolation, PixelType type, int channels, bool keep2D)
    {
        var rng = new Random(42);
        var image = Image.CreateUninitialized(61, 83, channels, type, keep2D);
        if (type == PixelType.UInt8)
        {
            rng.NextBytes(image.Bytes);
        }
        else
        {
            var f = image.Pixels<float>();
            for (var i = 0; i < f.Length; i++)
            {
                f[i] = (float)rng.NextDouble();
            }
        }
        foreach (var (x1, y1, x2, y2, h, w) in new[] { (0, 0, 83, 61, 40, 50), (5, 7, 40, 33, 64, 64), (70, 50, 83, 61, 9, 17), (1, 2, 31, 22, 20, 30) })
        {
            using var viaWindow = CvImage.ResizeWindow(image, x1, y1, x2, y2, h, w, (Interpolation)interpolation);
            using var crop = PixelOps.Crop(image, x1, y1, x2, y2);
            using var src = MatConversion.ToMat(crop);
            using var dst = new Mat();
            Cv2.Resize(src, dst, new Size(w, h), 0, 0, (InterpolationFlags)interpolation);
            using var expected = MatConversion.FromMat(dst, keep2D);
            Assert.True(viaWindow.ContentEquals(expected), $"window ({x1},{y1})-({x2},{y2}) → {h}×{w}");
        }
    }
}
