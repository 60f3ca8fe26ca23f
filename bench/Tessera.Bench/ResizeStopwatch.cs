using System.Diagnostics;
using OpenCvSharp;
using Tessera.Core.Imaging;

namespace Tessera.Bench;

/// <summary>
/// A quick Stopwatch version of <see cref="ResizeBenchmarks"/> (<c>dotnet run -c Release --project bench/Tessera.Bench
/// -- resize-stopwatch</c>): µs per image, the median of 7 repeats of 2000 calls, for each case.
/// </summary>
internal static class ResizeStopwatch
{
    public static void Run()
    {
        Cv2.SetNumThreads(1);
        var random = new Random(1);
        var images = ColdSourceBenchmark.RandomImages(200, 256, 256, 3, random);
        foreach (var window in new[] { false, true })
        {
            foreach (var cold in new[] { false, true })
            {
                var cv = Measure(images, cold, i => ResizeBenchmarks.OpenCvResize(i, window));
                var own = Measure(images, cold, i => ResizeBenchmarks.TesseraResize(i, window));
                Console.WriteLine($"{(window ? "window 200x150" : "256x256"),-15} -> 224x224 {(cold ? "cold" : "warm")}: Cv2.Resize {cv,6:F1} µs, LinearResize8U {own,6:F1} µs, {cv / own:F2}x");
            }
        }
        var scalar = Measure(images, cold: false, i => Tessera.Augment.Common.LinearResize8U.Resize(i, 0, 0, 256, 256, 224, 224, vectorize: false));
        Console.WriteLine($"256x256         -> 224x224 warm, scalar code: {scalar:F1} µs");
        images.ForEach(i => i.Dispose());
        // other geometries (warm): large downscales fetch pairs by gathers, 1 and 4 channels
        foreach (var (sh, sw, c, dh, dw) in new[] { (512, 512, 3, 224, 224), (480, 640, 3, 224, 224), (1024, 1024, 3, 224, 224), (256, 256, 1, 224, 224), (256, 256, 4, 224, 224), (224, 224, 3, 512, 512), (300, 300, 1, 64, 64) })
        {
            var list = ColdSourceBenchmark.RandomImages(1, sh, sw, c, random);
            var cv = Measure(list, cold: false, i => Tessera.Augment.Pixel.PixelCv.IntoNew(i, dh, dw, (s, d) => Cv2.Resize(s, d, new Size(dw, dh), 0, 0, InterpolationFlags.Linear)));
            var own = Measure(list, cold: false, i => Tessera.Augment.Common.LinearResize8U.Resize(i, dh, dw));
            Console.WriteLine($"{sh}x{sw}x{c} -> {dh}x{dw} warm: Cv2.Resize {cv,7:F1} µs, LinearResize8U {own,7:F1} µs, {cv / own:F2}x");
            list[0].Dispose();
        }
    }

    private static double Measure(List<Image> images, bool cold, Func<Image, Image> resize)
    {
        const int calls = 2000;
        var repeats = new List<double>();
        var next = 0;
        for (var r = 0; r < 8; r++)
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < calls; i++)
            {
                resize(cold ? images[next++ % images.Count] : images[0]).Dispose();
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
