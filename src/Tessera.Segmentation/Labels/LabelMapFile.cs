using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Imaging;

namespace Tessera.Segmentation.Labels;

/// <summary>Reads and writes label maps as 8-bit grayscale PNG files whose pixel values are the labels.</summary>
public static class LabelMapFile
{
    /// <summary>Reads a label PNG.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The map.</returns>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="TesseraFormatException">The file cannot be decoded or is not a one-channel 8-bit image
    /// (the message names the file).</exception>
    public static LabelMap Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var image = ImageFile.Read(path);
        if (image.Channels != 1 || image.PixelType != PixelType.UInt8)
        {
            throw new TesseraFormatException(path, null,
                $"a label map must be a one-channel 8-bit image (got {image.Channels} channel(s), {image.PixelType})");
        }
        return LabelMap.FromImage(image);
    }

    /// <summary>Writes a label map as an 8-bit gray PNG, atomically.</summary>
    /// <param name="path">Destination (.png).</param>
    /// <param name="map">The map.</param>
    /// <exception cref="TesseraArgumentException">The extension is not .png.</exception>
    public static void Write(string path, LabelMap map)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(map);
        Guard.That(string.Equals(Path.GetExtension(path), ".png", StringComparison.OrdinalIgnoreCase), nameof(path),
            $"label maps are written as .png (got '{path}')");
        ImageFile.Write(path, map.ToImage());
    }
}
