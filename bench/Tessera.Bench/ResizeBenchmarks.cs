using BenchmarkDotNet.Attributes;
using OpenCvSharp;
using Tessera.Augment.Common;
using Tessera.Augment.Pixel;
using Tessera.Core.Imaging;

namespace Tessera.Bench;

/// <summary>
/// <see cref="LinearResize8U"/> against OpenCV's <c>resize(INTER_LINEAR)</c> on 256×256×3 uint8, single-threaded:
/// the whole image to 224×224 (<c>Resize</c>) and a 200×150 window at (30, 40) to 224×224 read in place
/// (<c>RandomResizedCrop</c>-like). <c>Cold</c> cycles over 200 different sources (≈ 39 MB, more than the caches).
/// </summary>
[MemoryDiagnoser]
public class ResizeBenchmarks : ColdSourceBenchmark
{
    /// <summary>Resize a window instead of the whole image.</summary>
    [Params(false, true)]
    public bool Window { get; set; }

    [Benchmark(Baseline = true)]
    public void OpenCv() => OpenCvResize(Source(), Window).Dispose();

    [Benchmark]
    public void Tessera() => TesseraResize(Source(), Window).Dispose();

    /// <summary>The OpenCV call as <c>CvImage</c> made it before (a header over the window, a pooled output).</summary>
    internal static Image OpenCvResize(Image src, bool window)
    {
        var (x1, y1, x2, y2) = window ? (30, 40, 230, 190) : (0, 0, 256, 256);
        return PixelCv.IntoNewFromWindow(src, x1, y1, x2, y2, 224, 224, (s, d) => Cv2.Resize(s, d, new Size(224, 224), 0, 0, InterpolationFlags.Linear));
    }

    internal static Image TesseraResize(Image src, bool window)
        => window ? LinearResize8U.Resize(src, 30, 40, 230, 190, 224, 224) : LinearResize8U.Resize(src, 224, 224);
}
