using OpenCvSharp;
using Tessera.Augment.Common;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Imaging;

namespace Tessera.Augment.Pixel;

/// <summary>
/// Zero-copy OpenCV calls: Mats are headers over the pinned pixel memory of the input (or a window of it) and of an
/// output rented from the pixel pool, so a call copies nothing. OpenCV must
/// write into the given output (same size and type); a reallocation would be a bug and throws.
/// </summary>
internal static class PixelCv
{
    public static MatType TypeOf(Image image) => MatConversion.MatTypeOf(image.PixelType, image.Channels);

    /// <summary>Runs <paramref name="op"/> with a read-only view of <paramref name="src"/> and a writable view of <paramref name="dst"/>.</summary>
    public static Image Into(Image src, Image dst, Action<Mat, Mat> op) => IntoFromWindow(src, 0, 0, src.Width, src.Height, dst, op);

    /// <summary>
    /// Runs <paramref name="op"/> with a read-only view of rows [<paramref name="y1"/>, <paramref name="y2"/>) × columns
    /// [<paramref name="x1"/>, <paramref name="x2"/>) of <paramref name="src"/> (a strided header, no copy, as a numpy
    /// slice is for <c>cv2</c>) and a writable view of <paramref name="dst"/>.
    /// </summary>
    public static unsafe Image IntoFromWindow(Image src, int x1, int y1, int x2, int y2, Image dst, Action<Mat, Mat> op)
    {
        var pixelBytes = src.Channels * src.ElementSize;
        var rowBytes = src.Width * pixelBytes;
        fixed (byte* s = src.Bytes)
        fixed (byte* d = dst.Bytes)
        {
            var origin = s + ((long)y1 * rowBytes) + ((long)x1 * pixelBytes);
            using var ms = Mat.FromPixelData(y2 - y1, x2 - x1, TypeOf(src), (IntPtr)origin, rowBytes);
            using var md = Mat.FromPixelData(dst.Height, dst.Width, TypeOf(dst), (IntPtr)d);
            op(ms, md);
            Guard.That(md.Data == (IntPtr)d, nameof(dst), "OpenCV reallocated the output (size or type mismatch)");
        }
        return dst;
    }

    /// <summary>An output like the input (same shape and type), filled by <paramref name="op"/>.</summary>
    /// <remarks>The output starts uninitialized: <paramref name="op"/> must write every element.</remarks>
    public static Image Map(Image src, Action<Mat, Mat> op) => IntoNew(src, src.Height, src.Width, op);

    /// <summary>
    /// A new (pooled, uninitialized) <paramref name="height"/>×<paramref name="width"/> output with the input's type,
    /// channels and rank (a 2-D gray image stays 2-D, H×W×1 stays 3-D), filled by <paramref name="op"/>, which must
    /// write every element; disposed again if <paramref name="op"/> fails.
    /// </summary>
    public static Image IntoNew(Image src, int height, int width, Action<Mat, Mat> op)
        => IntoNewFromWindow(src, 0, 0, src.Width, src.Height, height, width, op);

    /// <summary><see cref="IntoNew"/> reading only a window of the input (see <see cref="IntoFromWindow"/>).</summary>
    public static Image IntoNewFromWindow(Image src, int x1, int y1, int x2, int y2, int height, int width, Action<Mat, Mat> op)
    {
        var dst = Image.CreateUninitialized(height, width, src.Channels, src.PixelType, keep2D: src.Rank == 2);
        try
        {
            return IntoFromWindow(src, x1, y1, x2, y2, dst, op);
        }
        catch
        {
            dst.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="op"/> on a read-only view of <paramref name="src"/>.</summary>
    public static unsafe void Read(Image src, Action<Mat> op)
    {
        fixed (byte* s = src.Bytes)
        {
            using var ms = Mat.FromPixelData(src.Height, src.Width, TypeOf(src), (IntPtr)s);
            op(ms);
        }
    }

    /// <summary>Runs <paramref name="op"/> on a writable view of <paramref name="image"/> (in place; only for images the caller owns).</summary>
    public static unsafe void InPlace(Image image, Action<Mat> op)
    {
        fixed (byte* p = image.Bytes)
        {
            using var m = Mat.FromPixelData(image.Height, image.Width, TypeOf(image), (IntPtr)p);
            op(m);
            Guard.That(m.Data == (IntPtr)p, nameof(image), "OpenCV reallocated the image");
        }
    }

    /// <summary>A read-only view for ops that produce their own output Mat; the result is copied into a new image.</summary>
    public static unsafe Image Produce(Image src, Func<Mat, Mat> op, bool keep2D)
    {
        fixed (byte* s = src.Bytes)
        {
            using var ms = Mat.FromPixelData(src.Height, src.Width, TypeOf(src), (IntPtr)s);
            using var result = op(ms);
            return MatConversion.FromMat(result, keep2D);
        }
    }

    /// <summary>Applies a 256-entry uint8 lookup table to every element of a uint8 image (<c>cv2.LUT</c>).</summary>
    public static unsafe Image Lut(Image src, byte[] lut)
    {
        Guard.That(src.PixelType == PixelType.UInt8, "image", "a lookup table needs a uint8 image");
        if (ByteLut.IsAccelerated)
        {
            var dst = Image.CreateUninitializedLike(src);
            ByteLut.Apply(src.Bytes, dst.Bytes, lut);
            return dst;
        }
        fixed (byte* l = lut)
        {
            using var table = Mat.FromPixelData(1, 256, MatType.CV_8UC1, (IntPtr)l);
            var t = table;
            return Map(src, (s, d) => Cv.LUT(s, t, d));
        }
    }

    /// <summary>
    /// <c>cv2.LUT(mat, table, mat)</c> in place on a continuous uint8 Mat of 1–4 channels; <paramref name="interleavedTable"/>
    /// holds entry i of channel c at i × channels + c, as a multi-channel OpenCV table does.
    /// </summary>
    public static unsafe void LutInPlace(Mat mat, byte[] interleavedTable)
    {
        var c = mat.Channels();
        Guard.That(mat.Depth() == MatType.CV_8U && mat.IsContinuous() && interleavedTable.Length == 256 * c, nameof(mat), "needs a continuous uint8 Mat and 256 entries per channel");
        if (ByteLut.IsAccelerated && c <= 4)
        {
            var tables = new byte[256 * c];
            for (var k = 0; k < c; k++)
            {
                for (var i = 0; i < 256; i++)
                {
                    tables[(k * 256) + i] = interleavedTable[(i * c) + k];
                }
            }
            var pixels = new Span<byte>((void*)mat.Data, checked(mat.Rows * mat.Cols * c));
            ByteLut.ApplyPerChannel(pixels, pixels, tables, c);
            return;
        }
        using var lut = new ArrayMat(interleavedTable, 1, 256, MatType.CV_8UC(c));
        Cv.LUT(mat, lut, mat);
    }

    /// <summary>Applies one 256-entry table per channel (uint8; <c>cv2.LUT</c> with a multi-channel table).</summary>
    public static unsafe Image LutPerChannel(Image src, byte[][] luts)
    {
        Guard.That(src.PixelType == PixelType.UInt8, "image", "a lookup table needs a uint8 image");
        var c = src.Channels;
        Guard.That(luts.Length == c, "image", $"needs {luts.Length} channels (got {c})");
        if (ByteLut.IsAccelerated && c <= 4)
        {
            var tables = new byte[256 * c];
            for (var k = 0; k < c; k++)
            {
                luts[k].AsSpan(0, 256).CopyTo(tables.AsSpan(k * 256));
            }
            var dst = Image.CreateUninitializedLike(src);
            ByteLut.ApplyPerChannel(src.Bytes, dst.Bytes, tables, c);
            return dst;
        }
        var table = new byte[256 * c];
        for (var k = 0; k < c; k++)
        {
            for (var i = 0; i < 256; i++)
            {
                table[(i * c) + k] = luts[k][i];
            }
        }
        fixed (byte* l = table)
        {
            using var mat = Mat.FromPixelData(1, 256, MatType.CV_8UC(c), (IntPtr)l);
            var t = mat;
            return Map(src, (s, d) => Cv.LUT(s, t, d));
        }
    }

    /// <summary>numpy's <c>np.clip(x, 0, max).astype(uint8)</c> for one value: clip, then truncate toward zero.</summary>
    public static byte ClipTruncate(double x) => x <= 0 || double.IsNaN(x) ? (byte)0 : x >= 255 ? (byte)255 : (byte)x;

    /// <summary>OpenCV's <c>saturate_cast&lt;uchar&gt;</c>: round half to even, then clip.</summary>
    public static byte Saturate(double x) => x <= 0 || double.IsNaN(x) ? (byte)0 : x >= 255 ? (byte)255 : (byte)Math.Round(x, MidpointRounding.ToEven);

    public static float Clip01(float x) => x < 0 ? 0 : x > 1 ? 1 : x;

    public static bool IsRgb(Image image) => image.Rank == 3 && image.Channels == 3;

    public static bool IsGray(Image image) => image.Rank == 2 || image.Channels == 1;

    /// <summary>Largest value of the image's type (albumentations <c>MAX_VALUES_BY_DTYPE</c>).</summary>
    public static double MaxValue(PixelType type) => type switch
    {
        PixelType.UInt8 => 255,
        PixelType.UInt16 => 65535,
        _ => 1.0,
    };

    public static void RequireRgb(Image image, string transform)
        => Guard.That(IsRgb(image), nameof(image), $"{transform} needs a 3-channel RGB image (got shape [{string.Join(", ", image.Shape)}])");

    public static void RequireUInt8(Image image, string transform)
        => Guard.That(image.PixelType == PixelType.UInt8, nameof(image), $"{transform} needs a uint8 image (got {image.PixelType})");

    public static void RequireUInt8OrFloat(Image image, string transform)
        => Guard.That(image.PixelType is PixelType.UInt8 or PixelType.Float32, nameof(image), $"{transform} needs a uint8 or float32 image (got {image.PixelType})");

    /// <summary>A 2-D float32 Mat holding a kernel.</summary>
    public static ArrayMat Kernel(double[][] k)
    {
        var rows = k.Length;
        var cols = k[0].Length;
        var flat = new float[rows * cols];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                flat[(r * cols) + c] = (float)k[r][c];
            }
        }
        return new ArrayMat(flat, rows, cols, MatType.CV_32FC1);
    }

    /// <summary><c>cv2.filter2D(img, -1, kernel)</c> with OpenCV's default border (REFLECT_101).</summary>
    public static Image Convolve(Image src, double[][] kernel)
    {
        using var k = Kernel(kernel);
        return Map(src, (s, d) => Cv.Filter2D(s, d, -1, k));
    }

    /// <summary>uint8 → float32 / 255 (albumentations <c>to_float</c>).</summary>
    public static Image ToFloat(Image src, double maxValue)
    {
        var dst = src.Rank == 2 ? Image.CreateGray(src.Height, src.Width, PixelType.Float32) : Image.Create(src.Height, src.Width, src.Channels, PixelType.Float32);
        var d = dst.Pixels<float>();
        var m = (float)maxValue;
        switch (src.PixelType)
        {
            case PixelType.UInt8:
                var b = src.Bytes;
                for (var i = 0; i < b.Length; i++)
                {
                    d[i] = b[i] / m;
                }
                break;
            case PixelType.UInt16:
                var u = src.Pixels<ushort>();
                for (var i = 0; i < u.Length; i++)
                {
                    d[i] = u[i] / m;
                }
                break;
            default:
                var f = src.Pixels<float>();
                for (var i = 0; i < f.Length; i++)
                {
                    d[i] = f[i] / m;
                }
                break;
        }
        return dst;
    }

    /// <summary>float32 → uint8 as <c>(img * 255).astype(uint8)</c> (truncation; values assumed in [0, 1]).</summary>
    public static Image FloatToUInt8(Image src)
    {
        var dst = src.Rank == 2 ? Image.CreateGray(src.Height, src.Width, PixelType.UInt8) : Image.Create(src.Height, src.Width, src.Channels, PixelType.UInt8);
        var f = src.Pixels<float>();
        var d = dst.Bytes;
        for (var i = 0; i < f.Length; i++)
        {
            d[i] = ClipTruncate(f[i] * 255f);
        }
        return dst;
    }
}
