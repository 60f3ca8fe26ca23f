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
public class ResizeBenchmarks
{
    private readonly List<Image> _images = [];
    private int _next;

    /// <summary>Resize a window instead of the whole image.</summary>
    [Params(false, true)]
    public bool Window { get; set; }

    /// <summary>Cycle over 200 sources instead of reusing one.</summary>
    [Params(false, true)]
    public bool Cold { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Cv2.SetNumThreads(1);
        var random = new Random(1);
        for (var i = 0; i < 200; i++)
        {
            var pixels = new byte[256 * 256 * 3];
            random.NextBytes(pixels);
            _images.Add(Image.FromPixels<byte>(pixels, 256, 256, 3));
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _images.ForEach(i => i.Dispose());

    [Benchmark(Baseline = true)]
    public void OpenCv() => OpenCvResize(Source(), Window).Dispose();

    [Benchmark]
    public void Tessera() => TesseraResize(Source(), Window).Dispose();

    /// <summary>The OpenCV call as <c>CvImage</c> made it before (a header over the window, a pooled output).</summary>
    internal static unsafe Image OpenCvResize(Image src, bool window)
    {
        var (x1, y1, w, h) = window ? (30, 40, 200, 150) : (0, 0, 256, 256);
        var dst = Image.CreateUninitialized(224, 224, 3, PixelType.UInt8);
        fixed (byte* s = src.Bytes)
        fixed (byte* d = dst.Bytes)
        {
            using var sm = Mat.FromPixelData(h, w, MatType.CV_8UC3, (IntPtr)(s + (y1 * 768) + (x1 * 3)), 768);
            using var dm = Mat.FromPixelData(224, 224, MatType.CV_8UC3, (IntPtr)d);
            Cv2.Resize(sm, dm, new Size(224, 224), 0, 0, InterpolationFlags.Linear);
        }
        return dst;
    }

    internal static Image TesseraResize(Image src, bool window)
        => window ? LinearResize8U.Resize(src, 30, 40, 230, 190, 224, 224) : LinearResize8U.Resize(src, 224, 224);

    private Image Source() => Cold ? _images[_next++ % _images.Count] : _images[0];
}
