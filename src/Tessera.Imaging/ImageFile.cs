using OpenCvSharp;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.IO;

namespace Tessera.Imaging;

/// <summary>
/// Reads and writes image files (PNG 8/16-bit, JPEG, WebP, BMP, TIFF) through OpenCV, returning RGB(A) images.
/// Gray files become 2-D (H×W) images; 16-bit PNGs stay 16-bit (OpenCV's IMREAD_UNCHANGED).
/// </summary>
public static class ImageFile
{
    /// <summary>Reads an image file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The image: uint8 or uint16, RGB/RGBA order, or 2-D for gray files.</returns>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="TesseraFormatException">The file cannot be decoded.</exception>
    public static Image Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"image file '{path}' does not exist", path);
        }
        var bytes = File.ReadAllBytes(path);
        using var mat = Cv2.ImDecode(bytes, ImreadModes.Unchanged);
        if (mat is null || mat.Empty())
        {
            throw new TesseraFormatException(path, null, "cannot decode the image (unreadable or unsupported format)");
        }
        return MatConversion.FromBgrMat(mat, keep2D: true);
    }

    /// <summary>Writes an image file atomically; the format follows the extension.</summary>
    /// <param name="path">Destination (.png, .jpg, .jpeg, .webp, .bmp, .tif).</param>
    /// <param name="image">uint8 image (uint16 for PNG/TIFF too).</param>
    /// <param name="quality">JPEG/WebP quality 1–100 (ignored otherwise).</param>
    /// <exception cref="TesseraArgumentException">Unsupported extension or pixel type for the format.</exception>
    public static void Write(string path, Image image, int quality = 95)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(image);
        AtomicFile.WriteAllBytes(path, Encode(image, Path.GetExtension(path), quality));
    }

    /// <summary>Encodes an image to the bytes of a file format.</summary>
    /// <param name="image">The image.</param>
    /// <param name="extension">Format extension including the dot, e.g. <c>.png</c>.</param>
    /// <param name="quality">JPEG/WebP quality 1–100.</param>
    /// <returns>The encoded bytes.</returns>
    /// <exception cref="TesseraArgumentException">Unsupported extension or pixel type.</exception>
    public static byte[] Encode(Image image, string extension, int quality = 95)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(extension);
        var ext = extension.ToLowerInvariant();
        Guard.That(ext is ".png" or ".jpg" or ".jpeg" or ".webp" or ".bmp" or ".tif" or ".tiff", nameof(extension),
            $"must be one of .png .jpg .jpeg .webp .bmp .tif .tiff (got '{extension}')");
        Guard.That(image.PixelType == PixelType.UInt8 || (image.PixelType == PixelType.UInt16 && ext is ".png" or ".tif" or ".tiff"),
            nameof(image), $"pixel type {image.PixelType} cannot be stored as {ext} (uint8 everywhere, uint16 in PNG/TIFF)");
        Guard.InRange(quality, 1, 100);
        using var mat = MatConversion.ToBgrMat(image);
        var prms = ext switch
        {
            ".jpg" or ".jpeg" => new[] { new ImageEncodingParam(ImwriteFlags.JpegQuality, quality) },
            ".webp" => [new ImageEncodingParam(ImwriteFlags.WebPQuality, quality)],
            _ => [],
        };
        Cv2.ImEncode(ext, mat, out var buffer, prms);
        return buffer;
    }
}
