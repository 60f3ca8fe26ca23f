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
        var images = Enumerable.Range(0, 200).Select(_ =>
        {
            var pixels = new byte[256 * 256 * 3];
            random.NextBytes(pixels);
            return Image.FromPixels<byte>(pixels, 256, 256, 3);
        }).ToList();
        foreach (var window in new[] { false, true })
        {
            foreach (var cold in new[] { false, true })
            {
                var cv = Measure(images, cold, i => ResizeBenchmarks.OpenCvResize(i, window));
                var own = Measure(images, cold, i => ResizeBenchmarks.TesseraResize(i, window));
                Console.WriteLine($"{(window ? "window 200x150" : "256x256"),-15} -> 224x224 {(cold ? "cold" : "warm")}: Cv2.Resize {cv,6:F1} µs, LinearResize8U {own,6:F1} µs, {cv / own:F2}x");
            }
        }
        images.ForEach(i => i.Dispose());
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
