using BenchmarkDotNet.Attributes;
using OpenCvSharp;
using Tessera.Core.Imaging;

namespace Tessera.Bench;

/// <summary>
/// The shared set-up of the single-kernel benchmarks: 200 random 256×256×3 uint8 sources (≈ 39 MB, more than the
/// caches) and OpenCV on one thread. <c>Cold</c> cycles over the sources, as an augmentation loop does; otherwise
/// every call reads the same, cached source.
/// </summary>
public abstract class ColdSourceBenchmark
{
    private List<Image> _images = [];
    private int _next;

    /// <summary>Cycle over 200 sources instead of reusing one.</summary>
    [Params(false, true)]
    public bool Cold { get; set; }

    /// <summary>Makes the sources.</summary>
    [GlobalSetup]
    public void Setup()
    {
        Cv2.SetNumThreads(1);
        _images = RandomImages(200, 256, 256, 3, new Random(1));
    }

    /// <summary>Gives the sources' memory back.</summary>
    [GlobalCleanup]
    public void Cleanup() => _images.ForEach(i => i.Dispose());

    /// <summary><paramref name="count"/> images of uniformly random bytes.</summary>
    internal static List<Image> RandomImages(int count, int height, int width, int channels, Random random)
        => Enumerable.Range(0, count).Select(_ =>
        {
            var image = Image.CreateUninitialized(height, width, channels, PixelType.UInt8);
            random.NextBytes(image.Bytes);
            return image;
        }).ToList();

    /// <summary>The next source: always the first one when warm.</summary>
    private protected Image Source() => Cold ? _images[_next++ % _images.Count] : _images[0];
}
