using Tessera.Core.Imaging;

namespace Tessera.Augment.Common;

/// <summary>Pure data-movement kernels (no interpolation): flips, transpose, quarter turns, crops.</summary>
internal static class PixelOps
{
    /// <summary>Builds a new image whose pixel (y, x) is the <paramref name="src"/> pixel that <paramref name="source"/> names.</summary>
    private static Image Map(Image src, int height, int width, Func<int, int, (int Y, int X)> source)
    {
        var dst = src.Rank == 2 ? Image.CreateGray(height, width, src.PixelType) : Image.Create(height, width, src.Channels, src.PixelType);
        var px = src.Channels * src.ElementSize;
        var s = src.Bytes;
        var d = dst.Bytes;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var (sy, sx) = source(y, x);
                s.Slice(((sy * src.Width) + sx) * px, px).CopyTo(d.Slice(((y * width) + x) * px, px));
            }
        }
        return dst;
    }

    public static Image VerticalFlip(Image src) => Map(src, src.Height, src.Width, (y, x) => (src.Height - 1 - y, x));

    public static Image HorizontalFlip(Image src) => Map(src, src.Height, src.Width, (y, x) => (y, src.Width - 1 - x));

    public static Image BothFlip(Image src) => Map(src, src.Height, src.Width, (y, x) => (src.Height - 1 - y, src.Width - 1 - x));

    public static Image Transpose(Image src) => Map(src, src.Width, src.Height, (y, x) => (x, y));

    /// <summary>numpy <c>rot90(img, k)</c>: <paramref name="k"/> counter-clockwise quarter turns.</summary>
    public static Image Rot90(Image src, int k)
    {
        k = ((k % 4) + 4) % 4;
        int h = src.Height, w = src.Width;
        return k switch
        {
            0 => src.Clone(),
            1 => Map(src, w, h, (y, x) => (x, w - 1 - y)),
            2 => Map(src, h, w, (y, x) => (h - 1 - y, w - 1 - x)),
            _ => Map(src, w, h, (y, x) => (h - 1 - x, y)),
        };
    }

    /// <summary>Rows [y1, y2) and columns [x1, x2); the caller guarantees the window lies inside the image.</summary>
    public static Image Crop(Image src, int x1, int y1, int x2, int y2)
    {
        var h = y2 - y1;
        var w = x2 - x1;
        var dst = src.Rank == 2 ? Image.CreateGray(h, w, src.PixelType) : Image.Create(h, w, src.Channels, src.PixelType);
        var px = src.Channels * src.ElementSize;
        for (var y = 0; y < h; y++)
        {
            src.Bytes.Slice((((y + y1) * src.Width) + x1) * px, w * px).CopyTo(dst.Bytes.Slice(y * w * px, w * px));
        }
        return dst;
    }
}
