using BenchmarkDotNet.Attributes;
using OpenCvSharp;
using Tessera.Augment.Filters;
using Tessera.Augment.Pixel;
using Tessera.Core.Imaging;

namespace Tessera.Bench;

/// <summary>
/// <see cref="BinomialBlur8U"/> against OpenCV's <c>GaussianBlur(k×k, sigma 0)</c> on 256×256×3 uint8, single-threaded.
/// <c>Cold</c> cycles over 200 different sources (≈ 39 MB, more than the caches), as an augmentation loop does;
/// otherwise every call blurs the same, cached source.
/// </summary>
[MemoryDiagnoser]
public class GaussianBlurBenchmarks
{
    private readonly List<Image> _images = [];
    private int _next;

    /// <summary>Kernel size.</summary>
    [Params(3, 5, 7)]
    public int K { get; set; }

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
    public void OpenCv()
    {
        var k = K;
        PixelCv.Map(Source(), (s, d) => Cv2.GaussianBlur(s, d, new Size(k, k), 0)).Dispose();
    }

    [Benchmark]
    public void Tessera() => BinomialBlur8U.Apply(Source(), K).Dispose();

    private Image Source() => Cold ? _images[_next++ % _images.Count] : _images[0];
}
