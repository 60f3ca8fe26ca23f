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
        var output = image.Clone();
        foreach (var hole in holes)
        {
            Guard.That(hole is { Length: 4 }, nameof(holes), "each hole must be [x1, y1, x2, y2]");
            var x1 = Math.Clamp(hole[0], 0, image.Width);
            var y1 = Math.Clamp(hole[1], 0, image.Height);
            var x2 = Math.Clamp(hole[2], 0, image.Width);
            var y2 = Math.Clamp(hole[3], 0, image.Height);
            Fill(output, x1, y1, x2, y2, values);
        }
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
        var output = image.Clone();
        foreach (var p in pixels)
        {
            var y = p / image.Width;
            var x = p % image.Width;
            Fill(output, x, y, x + 1, y + 1, values);
        }
        return output;
    }

    private static void Fill(Image img, int x1, int y1, int x2, int y2, double[] values)
    {
        switch (img.PixelType)
        {
            case PixelType.UInt8:
                Loop(img.Pixels<byte>(), x1, y1, x2, y2, img.Width, img.Channels, values.Select(x => (byte)Math.Clamp(x, 0, 255)).ToArray());
                break;
            case PixelType.UInt16:
                Loop(img.Pixels<ushort>(), x1, y1, x2, y2, img.Width, img.Channels, values.Select(x => (ushort)Math.Clamp(x, 0, 65535)).ToArray());
                break;
            default:
                Loop(img.Pixels<float>(), x1, y1, x2, y2, img.Width, img.Channels, values.Select(x => (float)x).ToArray());
                break;
        }
    }

    private static void Loop<T>(Span<T> px, int x1, int y1, int x2, int y2, int width, int channels, T[] v) where T : unmanaged
    {
        for (var y = y1; y < y2; y++)
        {
            for (var x = x1; x < x2; x++)
            {
                for (var c = 0; c < channels; c++)
                {
                    px[(((y * width) + x) * channels) + c] = v[c];
                }
            }
        }
    }
}
