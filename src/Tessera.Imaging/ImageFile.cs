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
    /// <summary>Reads an image file with the default limits (<see cref="ImageReadOptions.Default"/>).</summary>
    /// <param name="path">The file.</param>
    /// <returns>The image: uint8 or uint16, RGB/RGBA order, or 2-D for gray files.</returns>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="TesseraFormatException">The file is empty, cannot be decoded, or declares more pixels than the limit.</exception>
    public static Image Read(string path) => Read(path, null);

    /// <summary>Reads an image file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Limits (null: the defaults).</param>
    /// <returns>The image: uint8 or uint16, RGB/RGBA order, or 2-D for gray files.</returns>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="TesseraFormatException">The file is empty, cannot be decoded, or declares more pixels than the limit.</exception>
    public static Image Read(string path, ImageReadOptions? options)
    {
        var bytes = ReadChecked(path, options ?? ImageReadOptions.Default);
        return Decode(bytes, path);
    }

    /// <summary>
    /// Reads a label file: like <see cref="Read(string, ImageReadOptions?)"/>, except that a palette (VOC-style) PNG
    /// gives its palette indices as a 2-D uint8 image instead of the colours they stand for.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Limits (null: the defaults).</param>
    /// <returns>The image.</returns>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="TesseraFormatException">The file is empty, malformed, or declares more pixels than the limit.</exception>
    public static Image ReadLabels(string path, ImageReadOptions? options = null)
    {
        var bytes = ReadChecked(path, options ?? ImageReadOptions.Default);
        return PngPalette.IsPalette(bytes) ? PngPalette.ReadIndices(bytes, path) : Decode(bytes, path);
    }

    private static byte[] ReadChecked(string path, ImageReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"image file '{path}' does not exist", path);
        }
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length == 0)
        {
            throw new TesseraFormatException(path, null, "the file is empty (0 bytes)");
        }
        if (ImageHeader.DeclaredSize(bytes) is var (w, h))
        {
            if (w == 0 || h == 0)
            {
                throw new TesseraFormatException(path, "header", $"declares an empty image ({w}×{h})");
            }
            if (w * h > options.MaxPixels)
            {
                throw new TesseraFormatException(path, "header",
                    $"declares {w}×{h} = {w * h} pixels, more than the limit of {options.MaxPixels} (ImageReadOptions.MaxPixels); refused before decoding");
            }
        }
        return bytes;
    }

    private static Image Decode(byte[] bytes, string path)
    {
        Mat mat;
        try
        {
            mat = Cv2.ImDecode(bytes, ImreadModes.Unchanged);
        }
        catch (OpenCVException e)
        {
            throw new TesseraFormatException(path, null, $"cannot decode the image: {e.Message}");
        }
        using var owned = mat;
        if (mat is null || mat.Empty())
        {
            throw new TesseraFormatException(path, null, "cannot decode the image (unreadable or unsupported format)");
        }
        return MatConversion.FromBgrMat(mat, keep2D: true);
    }

    /// <summary>Writes an image file atomically; the format follows the extension.</summary>
    /// <param name="path">Destination (.png, .jpg, .jpeg, .webp, .bmp, .tif).</param>
    /// <param name="image">uint8 image (uint16 for PNG/TIFF too; float32, lossless, for TIFF).</param>
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
        Guard.That(image.PixelType == PixelType.UInt8 || (image.PixelType == PixelType.UInt16 && ext is ".png" or ".tif" or ".tiff")
            || (image.PixelType == PixelType.Float32 && ext is ".tif" or ".tiff"),
            nameof(image), $"pixel type {image.PixelType} cannot be stored as {ext} (uint8 everywhere, uint16 in PNG/TIFF, float32 losslessly in TIFF or as .npy)");
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
