using Tessera.Augment.Color;
using Tessera.Augment.Common;
using Tessera.Augment.Filters;
using Tessera.Augment.Geometric;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Targets;

namespace Tessera.Augment.Tests.Common;

/// <summary>
/// The transforms that call OpenCV leave nothing for the finalizer: OpenCvSharp's implicit input proxies and its
/// managed-array Mat headers each did (Cv, ArrayMat), and the collector had to keep them alive and queue them.
/// </summary>
[Collection(RunsAlone.Name)]
public class OpenCvGarbageTests
{
    private static int PendingAfterCollecting(Action work)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        work();
        GC.Collect();
        return (int)GC.GetGCMemoryInfo(GCKind.Any).FinalizationPendingCount;
    }

    [Fact]
    public void OpenCvTransforms_ManyImages_LeaveNothingForTheFinalizer()
    {
        // a warp (matrix header), HSV (two colour conversions), a 3×3 kernel, a colour matrix, CLAHE (plane header),
        // a lens distortion (camera matrices): each ran per image through a Mat that OpenCvSharp never released
        var pipeline = new Compose([
            new ShiftScaleRotate(p: 1), new HueSaturationValue(p: 1), new Sharpen(p: 1), new ToSepia(p: 1),
            new CLAHE(p: 1), new OpticalDistortion(p: 1), new Blur(p: 1),
        ]);
        var sample = new Sample { Image = TestSamples.Rgb(24, 32, 5) };
        const int images = 200;
        var pending = PendingAfterCollecting(() =>
        {
            for (var i = 0; i < images; i++)
            {
                pipeline.Apply(sample, (ulong)i).Dispose();
            }
        });
        // before: at least one object per OpenCV call, over 1,400 here; a few may come from elsewhere in the process
        Assert.True(pending < images / 4, $"{pending} objects waiting for the finalizer after {images} images");
    }

    [Fact]
    public void ArrayMat_HeadersOverAnArray_AreReleasedOnDispose()
    {
        var data = new double[] { 1, 2, 3, 4, 5, 6 };
        var pending = PendingAfterCollecting(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                using var m = new ArrayMat(data, 2, 3, OpenCvSharp.MatType.CV_64FC1);
                Assert.Equal(6.0, ((OpenCvSharp.Mat)m).At<double>(1, 2));
            }
        });
        Assert.True(pending < 100, $"{pending} objects waiting for the finalizer");
        Assert.Equal([1, 2, 3, 4, 5, 6], data);
    }
}
