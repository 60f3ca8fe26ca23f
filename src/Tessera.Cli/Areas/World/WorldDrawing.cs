using Tessera.Core.Imaging;
using Tessera.Data.Digits;
using Tessera.Data.World;

namespace Tessera.Cli.Areas.World;

/// <summary>Pictures of world scenes for the demo page (plain pixel drawing, no OpenCV).</summary>
internal static class WorldDrawing
{
    private static readonly (byte R, byte G, byte B)[] Palette =
    [
        (230, 25, 75), (60, 180, 75), (255, 225, 25), (0, 130, 200), (245, 130, 48), (145, 30, 180), (70, 240, 240), (240, 50, 230),
        (210, 245, 60), (250, 190, 212), (0, 128, 128), (170, 110, 40),
    ];

    /// <summary>Three panels side by side: the image, the semantic mask tinted over it, boxes and keypoints.</summary>
    public static Image Panels(WorldScene scene)
    {
        int h = scene.Height, w = scene.Width;
        var output = Image.Create(h, w * 3, 3, PixelType.UInt8);
        var dst = output.Pixels<byte>();
        var src = scene.Pixels;
        var sem = scene.SemanticMask;
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var i = (y * w) + x;
                for (var c = 0; c < 3; c++)
                {
                    var v = src[(3 * i) + c];
                    dst[(((y * w * 3) + x) * 3) + c] = v;
                    var label = sem[i];
                    var tint = label == 0 ? (byte)(v / 3) : Channel(Palette[(label - 1) % Palette.Length], c);
                    dst[(((y * w * 3) + w + x) * 3) + c] = label == 0 ? tint : (byte)((v + (2 * tint)) / 3);
                    dst[(((y * w * 3) + (2 * w) + x) * 3) + c] = v;
                }
            }
        }
        foreach (var o in scene.Objects)
        {
            var color = Palette[(o.InstanceId - 1) % Palette.Length];
            var (bx, by, bw, bh) = ((int)o.Box[0], (int)o.Box[1], (int)o.Box[2], (int)o.Box[3]);
            for (var x = bx; x < bx + bw; x++)
            {
                Put(dst, h, w, 2 * w, x, by, color);
                Put(dst, h, w, 2 * w, x, by + bh - 1, color);
            }
            for (var y = by; y < by + bh; y++)
            {
                Put(dst, h, w, 2 * w, bx, y, color);
                Put(dst, h, w, 2 * w, bx + bw - 1, y, color);
            }
            foreach (var (kx, ky, v) in o.Keypoints)
            {
                var dot = v == 2 ? ((byte)255, (byte)255, (byte)255) : ((byte)90, (byte)90, (byte)90);
                for (var dy = -1; dy <= 1; dy++)
                {
                    for (var dx = -1; dx <= 1; dx++) { Put(dst, h, w, 2 * w, (int)Math.Round(kx) + dx, (int)Math.Round(ky) + dy, dot); }
                }
            }
        }
        return output;
    }

    /// <summary>Digits side by side, scaled ×3.</summary>
    public static Image DigitStrip(DigitSet digits)
    {
        const int scale = 3;
        var side = DigitSet.Side * scale;
        var output = Image.Create(side, side * digits.Count, 3, PixelType.UInt8);
        var dst = output.Pixels<byte>();
        for (var n = 0; n < digits.Count; n++)
        {
            var src = digits.PixelsOf(n);
            for (var y = 0; y < side; y++)
            {
                for (var x = 0; x < side; x++)
                {
                    var v = src[((y / scale) * DigitSet.Side) + (x / scale)];
                    var d = ((y * side * digits.Count) + (n * side) + x) * 3;
                    dst[d] = dst[d + 1] = dst[d + 2] = v;
                }
            }
        }
        return output;
    }

    private static byte Channel((byte R, byte G, byte B) c, int i) => i == 0 ? c.R : i == 1 ? c.G : c.B;

    private static void Put(Span<byte> dst, int h, int w, int offsetX, int x, int y, (byte R, byte G, byte B) c)
    {
        if (x < 0 || y < 0 || x >= w || y >= h) { return; }
        var d = ((y * w * 3) + offsetX + x) * 3;
        dst[d] = c.R;
        dst[d + 1] = c.G;
        dst[d + 2] = c.B;
    }
}
