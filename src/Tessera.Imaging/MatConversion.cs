using OpenCvSharp;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;

namespace Tessera.Imaging;

/// <summary>
/// Copies between <see cref="Image"/> and OpenCvSharp <see cref="Mat"/>. Channel order is kept as is
/// (Tessera images are RGB; use <see cref="ToBgrMat"/>/<see cref="FromBgrMat"/> where OpenCV expects BGR,
/// e.g. file codecs and colour conversions).
/// </summary>
public static class MatConversion
{
    /// <summary>Copies an image into a new Mat of type CV_8UC(n), CV_16UC(n) or CV_32FC(n); channel order unchanged.</summary>
    /// <param name="image">The image.</param>
    /// <returns>A new Mat the caller owns (dispose it).</returns>
    public static Mat ToMat(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var mat = new Mat(image.Height, image.Width, MatTypeOf(image.PixelType, image.Channels));
        unsafe
        {
            var dst = new Span<byte>((void*)mat.Data, image.Bytes.Length);
            image.Bytes.CopyTo(dst);
        }
        return mat;
    }

    /// <summary>Copies a Mat into a new image; channel order unchanged.</summary>
    /// <param name="mat">A continuous or strided Mat of depth 8U, 16U or 32F with 1–4 channels.</param>
    /// <param name="keep2D">For a 1-channel Mat: make a 2-D (H×W) image instead of H×W×1.</param>
    /// <returns>A new owned image.</returns>
    /// <exception cref="TesseraArgumentException">Unsupported depth or channel count, or an empty Mat.</exception>
    public static Image FromMat(Mat mat, bool keep2D)
    {
        ArgumentNullException.ThrowIfNull(mat);
        Guard.That(!mat.Empty(), nameof(mat), "must not be empty");
        var type = mat.Depth() switch
        {
            MatType.CV_8U => PixelType.UInt8,
            MatType.CV_16U => PixelType.UInt16,
            MatType.CV_32F => PixelType.Float32,
            var d => throw new TesseraArgumentException(nameof(mat), $"depth must be 8U, 16U or 32F (got {d})"),
        };
        var channels = mat.Channels();
        Guard.That(channels is >= 1 and <= 4, nameof(mat), $"must have 1–4 channels (got {channels})");
        var image = Image.CreateUninitialized(mat.Rows, mat.Cols, channels, type, keep2D && channels == 1);
        var rowBytes = mat.Cols * channels * Image.ElementSizeOf(type);
        var dst = image.Bytes;
        unsafe
        {
            var rows = mat.Rows;
            for (var y = 0; y < rows; y++)
            {
                var src = new ReadOnlySpan<byte>((void*)mat.Ptr(y), rowBytes);
                src.CopyTo(dst.Slice(y * rowBytes, rowBytes));
            }
        }
        return image;
    }

    /// <summary>Copies an RGB(A) image into a BGR(A) Mat (1-channel images are copied unchanged).</summary>
    /// <param name="image">The image.</param>
    /// <returns>A new Mat the caller owns.</returns>
    public static Mat ToBgrMat(Image image)
    {
        var mat = ToMat(image);
        if (image.Channels is 3 or 4)
        {
            Cv2.CvtColor(mat, mat, image.Channels == 3 ? ColorConversionCodes.RGB2BGR : ColorConversionCodes.RGBA2BGRA);
        }
        return mat;
    }

    /// <summary>Copies a BGR(A) Mat into an RGB(A) image.</summary>
    /// <param name="mat">The Mat (not modified).</param>
    /// <param name="keep2D">For 1 channel: a 2-D image.</param>
    /// <returns>A new owned image.</returns>
    public static Image FromBgrMat(Mat mat, bool keep2D)
    {
        ArgumentNullException.ThrowIfNull(mat);
        var channels = mat.Channels();
        if (channels is 3 or 4)
        {
            using var rgb = new Mat();
            Cv2.CvtColor(mat, rgb, channels == 3 ? ColorConversionCodes.BGR2RGB : ColorConversionCodes.BGRA2RGBA);
            return FromMat(rgb, keep2D);
        }
        return FromMat(mat, keep2D);
    }

    /// <summary>The OpenCV Mat type for a pixel type and channel count.</summary>
    /// <param name="type">Pixel type.</param>
    /// <param name="channels">1–4.</param>
    /// <returns>The Mat type.</returns>
    public static MatType MatTypeOf(PixelType type, int channels) => type switch
    {
        PixelType.UInt8 => MatType.CV_8UC(channels),
        PixelType.UInt16 => MatType.CV_16UC(channels),
        _ => MatType.CV_32FC(channels),
    };
}
