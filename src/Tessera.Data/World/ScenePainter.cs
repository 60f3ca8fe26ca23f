using Tessera.Core.Random;

namespace Tessera.Data.World;

/// <summary>Backgrounds and shape fills of the shapes world (pure functions of their arguments and the random stream).</summary>
internal static class ScenePainter
{
    /// <summary>Paints a background of kind <paramref name="kind"/> (index into <see cref="WorldVocabulary.Backgrounds"/>) into <paramref name="rgb"/>.
    /// Returns the kind actually painted (photo falls back to noise without photos).</summary>
    public static int PaintBackground(byte[] rgb, int size, int kind, WorldDomain domain, PhotoLibrary photos, IRandom rng)
    {
        var (low, high) = domain.BackgroundBrightness;
        (double R, double G, double B) Tone()
        {
            var b = rng.Uniform(low, high);
            return (b + rng.Uniform(-15, 15), b + rng.Uniform(-15, 15), b + rng.Uniform(-15, 15));
        }
        if (kind == 5 && photos.Photos.Count == 0) { kind = 2; }
        switch (kind)
        {
            case 0:
            {
                var t = Tone();
                Fill(rgb, size, (_, _) => t);
                break;
            }
            case 1:
            {
                var (a, b) = (Tone(), Tone());
                var (s, c) = Math.SinCos(rng.Uniform(0, 2 * Math.PI));
                Fill(rgb, size, (x, y) =>
                {
                    var t = Math.Clamp(0.5 + ((((x - (size / 2.0)) * c) + ((y - (size / 2.0)) * s)) / size), 0, 1);
                    return (a.R + ((b.R - a.R) * t), a.G + ((b.G - a.G) * t), a.B + ((b.B - a.B) * t));
                });
                break;
            }
            case 2:
            {
                const int grid = 5;
                var cells = new (double R, double G, double B)[grid * grid];
                for (var i = 0; i < cells.Length; i++) { cells[i] = Tone(); }
                var step = (size - 1) / (double)(grid - 1);
                Fill(rgb, size, (x, y) =>
                {
                    var gx = Math.Min(x / step, grid - 1.000001);
                    var gy = Math.Min(y / step, grid - 1.000001);
                    int ix = (int)gx, iy = (int)gy;
                    double fx = gx - ix, fy = gy - iy;
                    var p00 = cells[(iy * grid) + ix];
                    var p01 = cells[(iy * grid) + ix + 1];
                    var p10 = cells[((iy + 1) * grid) + ix];
                    var p11 = cells[((iy + 1) * grid) + ix + 1];
                    double L(double v00, double v01, double v10, double v11) => ((v00 * (1 - fx)) + (v01 * fx)) * (1 - fy) + (((v10 * (1 - fx)) + (v11 * fx)) * fy);
                    return (L(p00.R, p01.R, p10.R, p11.R), L(p00.G, p01.G, p10.G, p11.G), L(p00.B, p01.B, p10.B, p11.B));
                });
                for (var i = 0; i < rgb.Length; i++) { rgb[i] = Clamp(rgb[i] + (rng.NextGaussian() * 8)); }
                break;
            }
            case 3:
            case 4:
            {
                var a = Tone();
                var b = (a.R - 45, a.G - 45, a.B - 45);
                var period = rng.Uniform(6, 16);
                var (s, c) = Math.SinCos(rng.Uniform(0, Math.PI));
                var checker = kind == 4;
                Fill(rgb, size, (x, y) =>
                {
                    var u = (x * c) + (y * s);
                    var v = (-x * s) + (y * c);
                    var odd = checker
                        ? ((long)Math.Floor(u / period) + (long)Math.Floor(v / period)) % 2 != 0
                        : (long)Math.Floor(u / period) % 2 != 0;
                    return odd ? b : a;
                });
                break;
            }
            default:
            {
                var (photo, ph, pw) = photos.Photos[rng.NextInt(0, photos.Photos.Count)];
                var side = (int)(Math.Min(ph, pw) * rng.Uniform(0.3, 0.7));
                var top = rng.NextInt(0, ph - side + 1);
                var left = rng.NextInt(0, pw - side + 1);
                var scale = side / (double)size;
                for (var y = 0; y < size; y++)
                {
                    var sy = top + Math.Min(side - 1, (int)((y + 0.5) * scale));
                    for (var x = 0; x < size; x++)
                    {
                        var sx = left + Math.Min(side - 1, (int)((x + 0.5) * scale));
                        var s = ((sy * pw) + sx) * 3;
                        var d = ((y * size) + x) * 3;
                        rgb[d] = photo[s];
                        rgb[d + 1] = photo[s + 1];
                        rgb[d + 2] = photo[s + 2];
                    }
                }
                break;
            }
        }
        return kind;
    }

    /// <summary>The fill of a shape at a pixel: texture 0 solid, 1 striped, 2 checkered, 3 shaded.</summary>
    public static (double R, double G, double B) Texel((double R, double G, double B) color, int texture, double x, double y,
        double cx, double cy, double radius, double period, double sin, double cos)
    {
        var u = ((x - cx) * cos) + ((y - cy) * sin);
        var v = (-(x - cx) * sin) + ((y - cy) * cos);
        var f = texture switch
        {
            1 => (long)Math.Floor(u / period) % 2 != 0 ? 0.6 : 1.0,
            2 => ((long)Math.Floor(u / period) + (long)Math.Floor(v / period)) % 2 != 0 ? 0.6 : 1.0,
            3 => 1.2 - (0.6 * Math.Clamp(0.5 + (u / (2 * radius)), 0, 1)),
            _ => 1.0,
        };
        return (color.R * f, color.G * f, color.B * f);
    }

    public static byte Clamp(double v) => v <= 0 ? (byte)0 : v >= 255 ? (byte)255 : (byte)(v + 0.5);

    private static void Fill(byte[] rgb, int size, Func<int, int, (double R, double G, double B)> color)
    {
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var (r, g, b) = color(x, y);
                var d = ((y * size) + x) * 3;
                rgb[d] = Clamp(r);
                rgb[d + 1] = Clamp(g);
                rgb[d + 2] = Clamp(b);
            }
        }
    }
}
