using Tessera.Core.Errors;
using Tessera.Core.Imaging;

namespace Tessera.Augment.Dropout;

/// <summary>Hole filling (albumentations 1.3.1 <c>cutout</c>): numpy assignment, so a scalar fills every channel.</summary>
internal static class DropoutKernels
{
    /// <summary>Copies <paramref name="image"/> and fills each hole [x1, x2) × [y1, y2) (clipped to the image).</summary>
    public static Image Cutout(Image image, IReadOnlyList<int[]> holes, IReadOnlyList<double>? fill)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(holes);
        var values = new double[image.Channels];
        for (var c = 0; c < values.Length; c++)
        {
            values[c] = fill is null || fill.Count == 0 ? 0 : fill.Count == 1 ? fill[0] : fill[Math.Min(c, fill.Count - 1)];
        }
        var rects = new (int X1, int Y1, int X2, int Y2)[holes.Count];
        for (var i = 0; i < rects.Length; i++)
        {
            var hole = holes[i];
            Guard.That(hole is { Length: 4 }, nameof(holes), "each hole must be [x1, y1, x2, y2]");
            rects[i] = (Math.Clamp(hole[0], 0, image.Width), Math.Clamp(hole[1], 0, image.Height),
                Math.Clamp(hole[2], 0, image.Width), Math.Clamp(hole[3], 0, image.Height));
        }
        var output = image.Clone();
        Fill(output, rects, values);
        return output;
    }

    /// <summary>Copies <paramref name="image"/> and sets the listed flat pixel indices to <paramref name="fill"/>.</summary>
    public static Image FillPixels(Image image, IReadOnlyList<int> pixels, IReadOnlyList<double> fill)
    {
        var values = new double[image.Channels];
        for (var c = 0; c < values.Length; c++)
        {
            values[c] = fill.Count == 1 ? fill[0] : fill[Math.Min(c, fill.Count - 1)];
        }
        var rects = new (int X1, int Y1, int X2, int Y2)[pixels.Count];
        for (var i = 0; i < rects.Length; i++)
        {
            var y = pixels[i] / image.Width;
            var x = pixels[i] % image.Width;
            rects[i] = (x, y, x + 1, y + 1);
        }
        var output = image.Clone();
        Fill(output, rects, values);
        return output;
    }

    private static void Fill(Image img, (int X1, int Y1, int X2, int Y2)[] rects, double[] values)
    {
        switch (img.PixelType)
        {
            case PixelType.UInt8:
                FillTyped(img.Pixels<byte>(), rects, img.Width, img.Channels, values.Select(x => (byte)Math.Clamp(x, 0, 255)).ToArray());
                break;
            case PixelType.UInt16:
                FillTyped(img.Pixels<ushort>(), rects, img.Width, img.Channels, values.Select(x => (ushort)Math.Clamp(x, 0, 65535)).ToArray());
                break;
            default:
                FillTyped(img.Pixels<float>(), rects, img.Width, img.Channels, values.Select(x => (float)x).ToArray());
                break;
        }
    }

    private static void FillTyped<T>(Span<T> px, (int X1, int Y1, int X2, int Y2)[] rects, int width, int channels, T[] v) where T : unmanaged, IEquatable<T>
    {
        foreach (var (x1, y1, x2, y2) in rects)
        {
            Loop(px, x1, y1, x2, y2, width, channels, v);
        }
    }

    private static void Loop<T>(Span<T> px, int x1, int y1, int x2, int y2, int width, int channels, T[] v) where T : unmanaged, IEquatable<T>
    {
        if (x2 <= x1 || y2 <= y1)
        {
            return;
        }
        var rowLength = (x2 - x1) * channels;
        var first = px.Slice(((y1 * width) + x1) * channels, rowLength);
        if (v.AsSpan().IndexOfAnyExcept(v[0]) < 0)
        {
            // one value for every channel: a plain fill per row
            for (var y = y1; y < y2; y++)
            {
                px.Slice(((y * width) + x1) * channels, rowLength).Fill(v[0]);
            }
            return;
        }
        // the first row pixel by pixel, then copies of it
        for (var i = 0; i < rowLength; i += channels)
        {
            v.AsSpan(0, channels).CopyTo(first.Slice(i, channels));
        }
        for (var y = y1 + 1; y < y2; y++)
        {
            first.CopyTo(px.Slice(((y * width) + x1) * channels, rowLength));
        }
    }
}
