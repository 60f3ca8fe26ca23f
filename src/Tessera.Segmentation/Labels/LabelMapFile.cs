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
        using var image = ImageFile.ReadLabels(path);
        if (image.Channels != 1 || image.PixelType is not (PixelType.UInt8 or PixelType.UInt16))
        {
            throw new TesseraFormatException(path, null,
                $"a label map must be a one-channel 8- or 16-bit image or a palette PNG (got {image.Channels} channel(s), {image.PixelType})");
        }
        if (image.PixelType == PixelType.UInt8)
        {
            return LabelMap.FromImage(image);
        }
        // 16-bit label PNGs: the values are the labels; Tessera's label maps hold 0–255
        var wide = image.Pixels<ushort>();
        var labels = new byte[wide.Length];
        for (var i = 0; i < wide.Length; i++)
        {
            if (wide[i] > byte.MaxValue)
            {
                throw new TesseraFormatException(path, $"row {i / image.Width}, col {i % image.Width}",
                    $"16-bit label {wide[i]} is above 255, the largest label a label map holds");
            }
            labels[i] = (byte)wide[i];
        }
        return LabelMap.FromLabels(labels, image.Height, image.Width);
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
