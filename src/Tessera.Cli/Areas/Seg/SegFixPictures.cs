using Tessera.Core.Arrays;
using Tessera.Core.Imaging;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Seg;

/// <summary>Pictures of SegFix maps for the CLI and the demo.</summary>
internal static class SegFixPictures
{
    /// <summary>Direction bins as hues on boundary pixels, dark elsewhere.</summary>
    /// <param name="direction">int8 [H, W] bins.</param>
    /// <param name="boundary">int8 [H, W] boundary mask.</param>
    /// <param name="bins">Number of bins.</param>
    /// <returns>A new RGB image.</returns>
    public static Image Directions(NdArray direction, NdArray boundary, int bins)
    {
        var d = direction.AsSpan<sbyte>();
        var b = boundary.AsSpan<sbyte>();
        var h = direction.Shape[0];
        var w = direction.Shape[1];
        var img = Image.Create(h, w, 3, PixelType.UInt8);
        var p = img.Pixels<byte>();
        for (var i = 0; i < d.Length; i++)
        {
            if (b[i] != 1 || d[i] < 0)
            {
                p[3 * i] = p[(3 * i) + 1] = p[(3 * i) + 2] = (byte)(b[i] == -1 ? 0 : 40);
                continue;
            }
            var (r, g, bl) = Hue(d[i] * 360.0 / bins);
            p[3 * i] = r;
            p[(3 * i) + 1] = g;
            p[(3 * i) + 2] = bl;
        }
        return img;
    }

    private static (byte, byte, byte) Hue(double degrees)
    {
        var hp = degrees / 60.0;
        var x = 1 - Math.Abs((hp % 2) - 1);
        var (r, g, b) = (int)hp switch
        {
            0 => (1.0, x, 0.0),
            1 => (x, 1.0, 0.0),
            2 => (0.0, 1.0, x),
            3 => (0.0, x, 1.0),
            4 => (x, 0.0, 1.0),
            _ => (1.0, 0.0, x),
        };
        return ((byte)(255 * r), (byte)(255 * g), (byte)(255 * b));
    }
}
