using Tessera.Core.Arrays;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Imaging;

namespace Tessera.Data.Folders;

/// <summary>
/// A segmentation dataset on disk: <c>DIR/images/NAME.(png|jpg|jpeg)</c> and <c>DIR/labels/NAME.png</c>, paired by
/// name stem (ordinal order). Every image must have a label and vice versa.
/// </summary>
public static class ImageLabelFolder
{
    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg"];

    /// <summary>Lists the pairs of a folder.</summary>
    /// <param name="directory">The dataset folder (holding <c>images/</c> and <c>labels/</c>).</param>
    /// <returns>The pairs, ordered by name (ordinal).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="directory"/> is null.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder or one of its two subfolders does not exist.</exception>
    /// <exception cref="TesseraFormatException">An image has no label or a label has no image (the file is named), a stem
    /// appears twice among the images, or the folder is empty.</exception>
    public static IReadOnlyList<ImageLabelPair> List(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var imageDir = Path.Combine(directory, "images");
        var labelDir = Path.Combine(directory, "labels");
        foreach (var d in new[] { directory, imageDir, labelDir })
        {
            if (!Directory.Exists(d))
            {
                throw new DirectoryNotFoundException($"dataset folder '{d}' does not exist (expected DIR/images and DIR/labels)");
            }
        }
        var images = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in Directory.EnumerateFiles(imageDir).Order(StringComparer.Ordinal))
        {
            if (!ImageExtensions.Contains(Path.GetExtension(f).ToLowerInvariant())) { continue; }
            var stem = Path.GetFileNameWithoutExtension(f);
            if (!images.TryAdd(stem, f))
            {
                throw new TesseraFormatException(f, null, $"another image has the same name stem '{stem}' ({images[stem]})");
            }
        }
        var labels = Directory.EnumerateFiles(labelDir, "*.png").ToDictionary(f => Path.GetFileNameWithoutExtension(f), StringComparer.Ordinal);
        foreach (var (stem, path) in images)
        {
            if (!labels.ContainsKey(stem)) { throw new TesseraFormatException(path, null, $"no label '{Path.Combine(labelDir, stem + ".png")}' for this image"); }
        }
        foreach (var (stem, path) in labels)
        {
            if (!images.ContainsKey(stem)) { throw new TesseraFormatException(path, null, $"no image named '{stem}.png/.jpg' in '{imageDir}' for this label"); }
        }
        if (images.Count == 0) { throw new TesseraFormatException(directory, null, "holds no image/label pairs"); }
        return images.Keys.Order(StringComparer.Ordinal).Select(s => new ImageLabelPair(s, images[s], labels[s])).ToList();
    }

    /// <summary>Reads one pair: the image as 3-channel uint8 RGB, the labels as a uint8 array.</summary>
    /// <param name="pair">The pair.</param>
    /// <returns>The image [H, W, 3] (gray images are expanded to RGB) and the labels [H, W].</returns>
    /// <exception cref="ArgumentNullException"><paramref name="pair"/> is null.</exception>
    /// <exception cref="TesseraFormatException">A file cannot be decoded, the image is not 8-bit with 1, 3 or 4 channels, the
    /// label is not a one-channel 8-bit PNG, or the sizes differ (the file is named).</exception>
    public static (Image Image, NdArray Labels) Read(ImageLabelPair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        var image = ReadRgb(pair.ImagePath);
        var label = ImageFile.ReadLabels(pair.LabelPath);
        if (label.Channels != 1 || label.PixelType != PixelType.UInt8)
        {
            throw new TesseraFormatException(pair.LabelPath, null, $"a label map must be a one-channel 8-bit image (got {label.Channels} channel(s), {label.PixelType})");
        }
        if (label.Height != image.Height || label.Width != image.Width)
        {
            throw new TesseraFormatException(pair.LabelPath, null, $"size {label.Height}×{label.Width} differs from the image's {image.Height}×{image.Width}");
        }
        return (image, NdArray.FromArray<byte>(label.Pixels<byte>().ToArray(), label.Height, label.Width));
    }

    /// <summary>Reads an image as 3-channel uint8 RGB (gray is expanded, alpha dropped).</summary>
    /// <param name="path">PNG or JPEG file.</param>
    /// <returns>The image [H, W, 3].</returns>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="TesseraFormatException">Cannot be decoded or is not 8-bit with 1, 3 or 4 channels (the file is named).</exception>
    public static Image ReadRgb(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var image = ImageFile.Read(path);
        if (image.PixelType != PixelType.UInt8 || image.Channels is not (1 or 3 or 4))
        {
            throw new TesseraFormatException(path, null, $"must be an 8-bit gray, RGB or RGBA image (got {image.Channels} channel(s), {image.PixelType})");
        }
        return ToRgb(image);
    }

    private static Image ToRgb(Image image)
    {
        if (image.Channels == 3) { return image; }
        var rgb = Image.Create(image.Height, image.Width, 3, PixelType.UInt8);
        var src = image.Pixels<byte>();
        var dst = rgb.Pixels<byte>();
        var n = image.Height * image.Width;
        for (var i = 0; i < n; i++)
        {
            for (var c = 0; c < 3; c++)
            {
                dst[(3 * i) + c] = image.Channels == 1 ? src[i] : src[(4 * i) + c];
            }
        }
        return rgb;
    }
}
