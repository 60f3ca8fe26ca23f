using OpenCvSharp;
using Tessera.Augment.Pixel;
using Tessera.Core.Imaging;

namespace Tessera.Augment.Common;

/// <summary>Pure data-movement kernels (no interpolation): flips, transpose, quarter turns, crops.</summary>
internal static class PixelOps
{
    // Pure data movement through OpenCV (cv2.flip / cv2.transpose / cv2.rotate): exact copies, SIMD in native code.
    /// <summary>Rows in reverse order (numpy <c>img[::-1]</c>): one row copy each, no OpenCV headers (the call is memory-bound).</summary>
    public static Image VerticalFlip(Image src)
    {
        var dst = Image.CreateUninitializedLike(src); // every row is copied below
        var row = src.Width * src.Channels * src.ElementSize;
        var from = src.Bytes;
        var to = dst.Bytes;
        for (int y = 0, last = src.Height - 1; y <= last; y++)
        {
            from.Slice(y * row, row).CopyTo(to.Slice((last - y) * row, row));
        }
        return dst;
    }

    public static Image HorizontalFlip(Image src) => PixelCv.IntoNew(src, src.Height, src.Width, (s, d) => Cv.Flip(s, d, FlipMode.Y));

    public static Image BothFlip(Image src) => PixelCv.IntoNew(src, src.Height, src.Width, (s, d) => Cv.Flip(s, d, FlipMode.XY));

    public static Image Transpose(Image src) => PixelCv.IntoNew(src, src.Width, src.Height, (s, d) => Cv.Transpose(s, d));

    /// <summary>numpy <c>rot90(img, k)</c>: <paramref name="k"/> counter-clockwise quarter turns.</summary>
    public static Image Rot90(Image src, int k)
    {
        k = ((k % 4) + 4) % 4;
        int h = src.Height, w = src.Width;
        return k switch
        {
            0 => src.Clone(),
            1 => PixelCv.IntoNew(src, w, h, (s, d) => Cv.Rotate(s, d, RotateFlags.Rotate90Counterclockwise)),
            2 => PixelCv.IntoNew(src, h, w, (s, d) => Cv.Rotate(s, d, RotateFlags.Rotate180)),
            _ => PixelCv.IntoNew(src, w, h, (s, d) => Cv.Rotate(s, d, RotateFlags.Rotate90Clockwise)),
        };
    }

    /// <summary>Rows [y1, y2) and columns [x1, x2); the caller guarantees the window lies inside the image.</summary>
    public static Image Crop(Image src, int x1, int y1, int x2, int y2)
    {
        var h = y2 - y1;
        var w = x2 - x1;
        var dst = Image.CreateUninitialized(h, w, src.Channels, src.PixelType, keep2D: src.Rank == 2); // every row is copied below
        var px = src.Channels * src.ElementSize;
        for (var y = 0; y < h; y++)
        {
            src.Bytes.Slice((((y + y1) * src.Width) + x1) * px, w * px).CopyTo(dst.Bytes.Slice(y * w * px, w * px));
        }
        return dst;
    }
}
