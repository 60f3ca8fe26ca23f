using Tessera.Core.Errors;
using Tessera.Core.Imaging;

namespace Tessera.Dense.SegFix;

/// <summary>Preprocessing of <see cref="SegFixNet"/>'s input: uint8 HWC → normalised float CHW, per <see cref="SegFixConfig"/>.</summary>
public static class SegFixInput
{
    /// <summary>Converts an image to the network's input layout.</summary>
    /// <param name="image">uint8 image with <see cref="SegFixConfig.InChannels"/> channels.</param>
    /// <param name="config">The network's configuration.</param>
    /// <returns>A new float array of length C·H·W: <c>(pixel / 255 − mean_c) / std_c</c> in CHW order.</returns>
    /// <exception cref="TesseraArgumentException">Wrong pixel type or channel count.</exception>
    public static float[] Normalize(Image image, SegFixConfig config)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(config);
        Guard.That(image.PixelType == PixelType.UInt8 && image.Channels == config.InChannels, nameof(image),
            $"must be uint8 with {config.InChannels} channel(s) (got {image.PixelType}, {image.Channels})");
        var c = image.Channels;
        var plane = image.Height * image.Width;
        var src = image.Pixels<byte>();
        var dst = new float[c * plane];
        for (var k = 0; k < c; k++)
        {
            var mean = config.Mean[k];
            var inv = 1f / config.Std[k];
            for (var p = 0; p < plane; p++)
            {
                dst[(k * plane) + p] = ((src[(p * c) + k] / 255f) - mean) * inv;
            }
        }
        return dst;
    }
}
