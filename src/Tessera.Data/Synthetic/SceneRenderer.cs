using Tessera.Core.Arrays;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Data.Synthetic;

/// <summary>
/// Renders an RGB image for a label map so that a network has something to see: each label gets a base colour
/// (fixed per label value, jittered per scene), a stripe texture of random frequency and orientation, per-pixel
/// Gaussian noise and a light box blur. Everything is drawn from the stream (seed, index), so an image depends only
/// on its labels, seed and index.
/// </summary>
/// <remarks>
/// Used with <see cref="ShapeScenes"/> for SegFix training data and to give label-only maps (such as the
/// fixtures' street scene) an image. Similar classes can get similar colours, and the noise and texture make
/// boundaries locally ambiguous, so the task is not a trivial colour lookup.
/// </remarks>
public static class SceneRenderer
{
    /// <summary>Stream id base of the rendering draws (kept apart from the label generator's streams).</summary>
    private const ulong StreamBase = 0x5EED_0F_1A6EUL;

    /// <summary>Renders the image.</summary>
    /// <param name="labels">uint8 label array [H, W] (any label values; 255 is rendered as gray noise).</param>
    /// <param name="seed">Seed.</param>
    /// <param name="index">Scene index (its random stream).</param>
    /// <param name="options">Settings; null = <see cref="SceneRenderOptions.Default"/>.</param>
    /// <returns>A new uint8 RGB image [H, W, 3].</returns>
    /// <exception cref="ArgumentNullException"><paramref name="labels"/> is null.</exception>
    /// <exception cref="TesseraArgumentException">Not a 2-D uint8 array, or invalid options.</exception>
    public static Image Render(NdArray labels, ulong seed, int index = 0, SceneRenderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        Guard.That(labels.Rank == 2 && labels.DType == DType.UInt8, nameof(labels), $"must be a 2-D uint8 label array (got {labels})");
        options ??= SceneRenderOptions.Default;
        options.Validate();
        int h = labels.Shape[0], w = labels.Shape[1];
        var lab = labels.AsSpan<byte>();
        var rng = new SeededRandom(seed, StreamBase + (ulong)index);

        // Per label value: base colour (fixed by the value) + scene jitter, stripe frequency/orientation/phase.
        var color = new double[256 * 3];
        var stripe = new double[256 * 4];
        for (var v = 0; v < 256; v++)
        {
            var palette = new SeededRandom(0xC010_0125UL, (ulong)v);
            for (var c = 0; c < 3; c++)
            {
                color[(3 * v) + c] = palette.Uniform(30, 225) + rng.Uniform(-options.ColorJitter, options.ColorJitter);
            }
            var angle = rng.Uniform(0, Math.PI);
            var period = rng.Uniform(3, 14);
            stripe[4 * v] = Math.Cos(angle) * 2 * Math.PI / period;
            stripe[(4 * v) + 1] = Math.Sin(angle) * 2 * Math.PI / period;
            stripe[(4 * v) + 2] = rng.Uniform(0, 2 * Math.PI);
            stripe[(4 * v) + 3] = rng.Uniform(0.3, 1.0) * options.TextureAmplitude;
        }

        var buffer = new double[h * w * 3];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var i = (y * w) + x;
                int v = lab[i];
                if (v == 255)
                {
                    var g = 90 + (options.NoiseSigma * 2 * rng.NextGaussian());
                    buffer[3 * i] = buffer[(3 * i) + 1] = buffer[(3 * i) + 2] = g;
                    continue;
                }
                var t = stripe[(4 * v) + 3] * Math.Sin((stripe[4 * v] * x) + (stripe[(4 * v) + 1] * y) + stripe[(4 * v) + 2]);
                for (var c = 0; c < 3; c++)
                {
                    buffer[(3 * i) + c] = color[(3 * v) + c] + t + (options.NoiseSigma * rng.NextGaussian());
                }
            }
        }
        if (options.BlurRadius > 0)
        {
            buffer = BoxBlur(buffer, h, w, options.BlurRadius);
        }
        var image = Image.Create(h, w, 3, PixelType.UInt8);
        var px = image.Pixels<byte>();
        for (var i = 0; i < buffer.Length; i++)
        {
            px[i] = (byte)Math.Clamp(Math.Round(buffer[i]), 0, 255);
        }
        return image;
    }

    private static double[] BoxBlur(double[] src, int h, int w, int r)
    {
        var tmp = new double[src.Length];
        var dst = new double[src.Length];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    double sum = 0;
                    var n = 0;
                    for (var k = Math.Max(0, x - r); k <= Math.Min(w - 1, x + r); k++) { sum += src[(((y * w) + k) * 3) + c]; n++; }
                    tmp[(((y * w) + x) * 3) + c] = sum / n;
                }
            }
        }
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    double sum = 0;
                    var n = 0;
                    for (var k = Math.Max(0, y - r); k <= Math.Min(h - 1, y + r); k++) { sum += tmp[(((k * w) + x) * 3) + c]; n++; }
                    dst[(((y * w) + x) * 3) + c] = sum / n;
                }
            }
        }
        return dst;
    }
}
