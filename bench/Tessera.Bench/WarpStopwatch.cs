using System.Diagnostics;
using OpenCvSharp;
using Tessera.Augment;
using Tessera.Augment.Common;
using Tessera.Augment.Geometric;
using Tessera.Core.Imaging;

namespace Tessera.Bench;

/// <summary>
/// <c>dotnet run -c Release --project bench/Tessera.Bench -- warp-stopwatch</c>: µs per 256×256×3 warpAffine (the
/// Rotate / ShiftScaleRotate call) by rotation angle and border, warm source, median of 7 repeats.
/// </summary>
internal static class WarpStopwatch
{
    public static void Run()
    {
        Cv2.SetNumThreads(1);
        var image = ColdSourceBenchmark.RandomImages(1, 256, 256, 3, new Random(1));
        foreach (var angle in new[] { 0.0, 10, 30, 45 })
        {
            var m = GeometricKernels.RotationMatrix(127.5, 127.5, angle, 1.0);
            foreach (var border in new[] { BorderMode.Reflect101, BorderMode.Constant })
            {
                var cv = Measure(image, i => CvImage.WarpAffine(i, m, 256, 256, Interpolation.Linear, border, null));
                Console.WriteLine($"angle {angle,3} {border,-10}: Cv2.WarpAffine {cv,6:F1} µs");
            }
        }
        image.ForEach(i => i.Dispose());
    }

    private static double Measure(List<Image> images, Func<Image, Image> op)
    {
        const int calls = 1000;
        var repeats = new List<double>();
        for (var r = 0; r < 8; r++)
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < calls; i++)
            {
                op(images[0]).Dispose();
            }
            watch.Stop();
            if (r > 0)
            {
                repeats.Add(watch.Elapsed.TotalMicroseconds / calls);
            }
        }
        repeats.Sort();
        return repeats[repeats.Count / 2];
    }
}
