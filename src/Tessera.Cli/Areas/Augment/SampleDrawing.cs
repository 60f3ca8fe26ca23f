using Tessera.Augment.Targets;
using Tessera.Core.Imaging;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Augment;

/// <summary>Draws a sample for people: image (as RGB uint8), tinted mask labels, boxes and keypoints; tiles pictures into grids.</summary>
internal static class SampleDrawing
{
    private static readonly byte[][] Palette =
    [
        [230, 25, 75], [60, 180, 75], [255, 225, 25], [0, 130, 200], [245, 130, 48], [145, 30, 180], [70, 240, 240], [240, 50, 230],
    ];

    /// <summary>Renders a sample whose boxes are in <paramref name="boxFormat"/> and keypoints start with x, y (or y, x).</summary>
    public static Image Draw(Sample sample, BoxFormat boxFormat, KeypointFormat keypointFormat = KeypointFormat.Xy)
    {
        var img = ToRgb8(sample.Image);
        var px = img.Pixels<byte>();
        int h = img.Height, w = img.Width;
        if (sample.Mask is { } mask && mask.Height == h && mask.Width == w)
        {
            var m = mask.ToNdArray().ToDoubleArray();
            for (var i = 0; i < h * w; i++)
            {
                var label = (int)m[i * mask.Channels];
                if (label == 0)
                {
                    continue;
                }
                var c = Palette[label % Palette.Length];
                for (var k = 0; k < 3; k++)
                {
                    px[(i * 3) + k] = (byte)((px[(i * 3) + k] * 0.6) + (c[k] * 0.4));
                }
            }
        }
        var shape = new ImageShape(h, w, 3);
        for (var b = 0; b < sample.Bboxes.Count; b++)
        {
            var v = BoxFormatNames.Convert(sample.Bboxes[b], boxFormat, BoxFormat.PascalVoc, shape);
            Rect(px, h, w, (int)v[0], (int)v[1], (int)Math.Ceiling(v[2]) - 1, (int)Math.Ceiling(v[3]) - 1, Palette[(b + 3) % Palette.Length]);
        }
        foreach (var k in sample.Keypoints)
        {
            var (x, y) = keypointFormat == KeypointFormat.Yx ? (k[1], k[0]) : (k[0], k[1]);
            Cross(px, h, w, (int)Math.Round(x), (int)Math.Round(y), [255, 255, 255]);
        }
        return img;
    }

    /// <summary>Tiles pictures into a rows × cols grid of equal cells (each picture centred, 4-pixel gaps).</summary>
    public static Image Grid(IReadOnlyList<Image> pictures, int rows, int cols)
    {
        var cellH = pictures.Max(p => p.Height);
        var cellW = pictures.Max(p => p.Width);
        const int Gap = 4;
        var grid = Image.Create((rows * (cellH + Gap)) + Gap, (cols * (cellW + Gap)) + Gap, 3, PixelType.UInt8);
        grid.Bytes.Fill(32);
        for (var i = 0; i < pictures.Count && i < rows * cols; i++)
        {
            var p = ToRgb8(pictures[i]);
            var oy = Gap + ((i / cols) * (cellH + Gap)) + ((cellH - p.Height) / 2);
            var ox = Gap + ((i % cols) * (cellW + Gap)) + ((cellW - p.Width) / 2);
            for (var y = 0; y < p.Height; y++)
            {
                p.Bytes.Slice(y * p.Width * 3, p.Width * 3).CopyTo(grid.Bytes.Slice((((oy + y) * grid.Width) + ox) * 3, p.Width * 3));
            }
        }
        return grid;
    }

    /// <summary>An RGB uint8 copy (gray replicated, float scaled by 255 and clipped, uint16 scaled down).</summary>
    public static Image ToRgb8(Image image)
    {
        var values = image.ToNdArray().ToDoubleArray();
        var scale = image.PixelType switch { PixelType.Float32 => 255.0, PixelType.UInt16 => 1 / 257.0, _ => 1.0 };
        var output = Image.Create(image.Height, image.Width, 3, PixelType.UInt8);
        var o = output.Pixels<byte>();
        var ch = image.Channels;
        for (var i = 0; i < image.Height * image.Width; i++)
        {
            for (var k = 0; k < 3; k++)
            {
                o[(i * 3) + k] = (byte)Math.Clamp(Math.Round(values[(i * ch) + (ch >= 3 ? k : 0)] * scale), 0, 255);
            }
        }
        return output;
    }

    private static void Put(Span<byte> px, int h, int w, int x, int y, byte[] c)
    {
        if (x < 0 || y < 0 || x >= w || y >= h)
        {
            return;
        }
        var i = ((y * w) + x) * 3;
        px[i] = c[0];
        px[i + 1] = c[1];
        px[i + 2] = c[2];
    }

    private static void Rect(Span<byte> px, int h, int w, int x1, int y1, int x2, int y2, byte[] c)
    {
        for (var x = x1; x <= x2; x++)
        {
            Put(px, h, w, x, y1, c);
            Put(px, h, w, x, y2, c);
        }
        for (var y = y1; y <= y2; y++)
        {
            Put(px, h, w, x1, y, c);
            Put(px, h, w, x2, y, c);
        }
    }

    private static void Cross(Span<byte> px, int h, int w, int x, int y, byte[] c)
    {
        for (var d = -3; d <= 3; d++)
        {
            Put(px, h, w, x + d, y, c);
            Put(px, h, w, x, y + d, c);
        }
        Put(px, h, w, x, y, [0, 0, 0]);
    }
}
