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
public class GaussianBlurBenchmarks : ColdSourceBenchmark
{
    /// <summary>Kernel size.</summary>
    [Params(3, 5, 7)]
    public int K { get; set; }

    [Benchmark(Baseline = true)]
    public void OpenCv()
    {
        var k = K;
        PixelCv.Map(Source(), (s, d) => Cv2.GaussianBlur(s, d, new Size(k, k), 0)).Dispose();
    }

    [Benchmark]
    public void Tessera() => BinomialBlur8U.Apply(Source(), K).Dispose();
}
