using Tessera.Core.Imaging;

namespace Tessera.Cli.Hosting;

/// <summary>Small picture helpers shared by the demo sections.</summary>
internal static class DemoPictures
{
    /// <summary>Nearest-neighbour enlargement of a uint8 image by an integer factor, so that small pixels stay visible.</summary>
    /// <param name="image">The image (any channel count); not disposed.</param>
    /// <param name="scale">The factor, ≥ 1.</param>
    /// <returns>A new image of (H·scale) × (W·scale).</returns>
    public static Image Enlarge(Image image, int scale)
    {
        var output = Image.Create(image.Height * scale, image.Width * scale, image.Channels, PixelType.UInt8);
        var src = image.Pixels<byte>();
        var dst = output.Pixels<byte>();
        var c = image.Channels;
        for (var y = 0; y < output.Height; y++)
        {
            for (var x = 0; x < output.Width; x++)
            {
                src.Slice((((y / scale) * image.Width) + (x / scale)) * c, c).CopyTo(dst.Slice(((y * output.Width) + x) * c, c));
            }
        }
        return output;
    }
}
