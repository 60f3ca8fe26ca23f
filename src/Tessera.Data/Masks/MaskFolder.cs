using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Data.Folders;

namespace Tessera.Data.Masks;

/// <summary>
/// A semantic-segmentation dataset as two folders: images (<c>NAME.png|jpg|jpeg</c>) and label PNGs (<c>NAME.png</c>)
/// whose pixel values are class indices: 8-bit or 16-bit gray PNGs, or palette PNGs read as palette indices (not as
/// colours, unlike OpenCV, which expands palettes). One value may mark pixels to ignore (255 by default, as in VOC).
/// </summary>
public static class MaskFolder
{
    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg"];

    /// <summary>Pairs the images of <paramref name="imageDirectory"/> with the label PNGs of <paramref name="maskDirectory"/> by stem.</summary>
    /// <param name="imageDirectory">Folder of images.</param>
    /// <param name="maskDirectory">Folder of label PNGs.</param>
    /// <returns>The pairs, ordered by stem (ordinal).</returns>
    /// <exception cref="DirectoryNotFoundException">A folder does not exist.</exception>
    /// <exception cref="TesseraFormatException">An image has no label PNG or a label PNG has no image (the file is named), or the folders are empty.</exception>
    public static IReadOnlyList<MaskPair> List(string imageDirectory, string maskDirectory)
    {
        ArgumentNullException.ThrowIfNull(imageDirectory);
        ArgumentNullException.ThrowIfNull(maskDirectory);
        foreach (var d in new[] { imageDirectory, maskDirectory })
        {
            if (!Directory.Exists(d)) { throw new DirectoryNotFoundException($"folder '{d}' does not exist"); }
        }
        var images = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in Directory.EnumerateFiles(imageDirectory).Order(StringComparer.Ordinal))
        {
            if (!ImageExtensions.Contains(Path.GetExtension(f).ToLowerInvariant())) { continue; }
            if (!images.TryAdd(Path.GetFileNameWithoutExtension(f), f))
            {
                throw new TesseraFormatException(f, null, $"another image has the same stem ({images[Path.GetFileNameWithoutExtension(f)]})");
            }
        }
        var masks = Directory.EnumerateFiles(maskDirectory, "*.png").ToDictionary(f => Path.GetFileNameWithoutExtension(f), StringComparer.Ordinal);
        foreach (var (stem, path) in images)
        {
            if (!masks.ContainsKey(stem)) { throw new TesseraFormatException(path, null, $"no label PNG '{Path.Combine(maskDirectory, stem + ".png")}' for this image"); }
        }
        foreach (var (stem, path) in masks)
        {
            if (!images.ContainsKey(stem)) { throw new TesseraFormatException(path, null, $"no image named '{stem}.png/.jpg' in '{imageDirectory}' for this label PNG"); }
        }
        if (images.Count == 0) { throw new TesseraFormatException(imageDirectory, null, "holds no images"); }
        return images.Keys.Order(StringComparer.Ordinal).Select(s => new MaskPair(s, images[s], masks[s])).ToList();
    }

    /// <summary>Reads a label PNG as class indices.</summary>
    /// <param name="path">The PNG (gray 1–16 bit, or palette).</param>
    /// <param name="classCount">When given, every value other than <paramref name="ignoreLabel"/> must be below it.</param>
    /// <param name="ignoreLabel">The value that marks ignored pixels (default 255; null: none).</param>
    /// <returns>The label map.</returns>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="TesseraFormatException">Not a gray or palette PNG, corrupt, or a value is not a class (file, value and pixel named).</exception>
    public static LabelMap ReadMask(string path, int? classCount = null, int? ignoreLabel = 255)
    {
        var png = PalettePng.Read(path);
        if (classCount is { } k)
        {
            for (var i = 0; i < png.Values.Count; i++)
            {
                var v = png.Values[i];
                if (v >= k && v != ignoreLabel)
                {
                    throw new TesseraFormatException(path, $"pixel (x {i % png.Width}, y {i / png.Width})",
                        $"label {v} is not a class (classes 0–{k - 1}" + (ignoreLabel is { } ig ? $", ignore {ig})" : ")"));
                }
            }
        }
        return new LabelMap(png.Height, png.Width, png.Values, ignoreLabel);
    }

    /// <summary>Reads a pair: the image as RGB uint8 and the label map; sizes must agree.</summary>
    /// <param name="pair">The pair.</param>
    /// <param name="classCount">See <see cref="ReadMask"/>.</param>
    /// <param name="ignoreLabel">See <see cref="ReadMask"/>.</param>
    /// <returns>The image (the caller owns it) and the labels.</returns>
    /// <exception cref="TesseraFormatException">A file cannot be read or the sizes differ (the mask file is named).</exception>
    public static (Image Image, LabelMap Labels) Read(MaskPair pair, int? classCount = null, int? ignoreLabel = 255)
    {
        ArgumentNullException.ThrowIfNull(pair);
        var labels = ReadMask(pair.MaskPath, classCount, ignoreLabel);
        var image = ImageLabelFolder.ReadRgb(pair.ImagePath);
        if (image.Height != labels.Height || image.Width != labels.Width)
        {
            image.Dispose();
            throw new TesseraFormatException(pair.MaskPath, null, $"size {labels.Height}×{labels.Width} differs from the image's {image.Height}×{image.Width}");
        }
        return (image, labels);
    }
}
