using Tessera.Core.Arrays;
using Tessera.Core.Random;

namespace Tessera.Data.Synthetic;

/// <summary>
/// Seeded generator of synthetic label maps: rectangles, ellipses, triangles and thick lines of random classes
/// over a background (class 0), and a street-like layout in Cityscapes train ids. Scene <c>i</c> of a seed is drawn
/// from its own stream (seed, i), so scenes do not depend on generation order or thread count.
/// </summary>
public static class ShapeScenes
{
    /// <summary>Generates scene <paramref name="index"/> of a seed.</summary>
    /// <param name="options">Scene settings.</param>
    /// <param name="seed">Seed.</param>
    /// <param name="index">Scene index (its random stream).</param>
    /// <returns>A uint8 label array [H, W].</returns>
    /// <exception cref="Tessera.Core.Errors.TesseraArgumentException">Invalid options.</exception>
    public static NdArray Generate(ShapeSceneOptions options, ulong seed, int index = 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var rng = new SeededRandom(seed, (ulong)index);
        int h = options.Height, w = options.Width;
        var px = new byte[h * w];
        var canvas = new Canvas(px, h, w);
        for (var s = 0; s < options.Shapes; s++)
        {
            var cls = (byte)rng.NextInt(1, options.NumClasses);
            var kind = rng.NextInt(0, 4);
            var cy = rng.Uniform(0, h);
            var cx = rng.Uniform(0, w);
            var size = rng.Uniform(0.08, 0.3) * Math.Min(h, w);
            switch (kind)
            {
                case 0:
                    canvas.Rect(cy - size, cx - (size * rng.Uniform(0.5, 1.5)), cy + size, cx + (size * rng.Uniform(0.5, 1.5)), cls);
                    break;
                case 1:
                    canvas.Ellipse(cy, cx, size, size * rng.Uniform(0.5, 1.5), rng.Uniform(0, Math.PI), cls);
                    break;
                case 2:
                    canvas.Polygon(
                    [
                        (cy + (size * rng.Uniform(-1, 1)), cx + (size * rng.Uniform(-1, 1))),
                        (cy + (size * rng.Uniform(-1, 1)), cx + (size * rng.Uniform(-1, 1))),
                        (cy + (size * rng.Uniform(-1, 1)), cx + (size * rng.Uniform(-1, 1))),
                    ], cls);
                    break;
                default:
                    var a = rng.Uniform(0, Math.PI);
                    canvas.Line(cy - (size * Math.Sin(a)), cx - (size * Math.Cos(a)), cy + (size * Math.Sin(a)), cx + (size * Math.Cos(a)),
                        rng.Uniform(1, 4), cls);
                    break;
            }
        }
        if (options.IgnoreFraction > 0 && rng.NextDouble() < options.IgnoreFraction)
        {
            var r = rng.Uniform(0.03, 0.08) * Math.Min(h, w);
            canvas.Ellipse(rng.Uniform(0, h), rng.Uniform(0, w), r, r, 0, options.IgnoreLabel);
        }
        return NdArray.FromArray<byte>(px, h, w);
    }

    /// <summary>
    /// A street-like scene in Cityscapes train ids (0 road, 1 sidewalk, 2 building, 5 pole, 7 traffic sign,
    /// 8 vegetation, 9 terrain, 10 sky, 11 person, 13 car; 255 = ignore for an ego hood).
    /// </summary>
    /// <param name="height">Rows (≥ 32).</param>
    /// <param name="width">Columns (≥ 32).</param>
    /// <param name="seed">Seed.</param>
    /// <param name="index">Scene index (its random stream).</param>
    /// <returns>A uint8 label array [H, W].</returns>
    /// <exception cref="Tessera.Core.Errors.TesseraArgumentException">Too small.</exception>
    public static NdArray Street(int height, int width, ulong seed, int index = 0)
    {
        Core.Errors.Guard.That(height >= 32 && width >= 32, nameof(height), $"street scenes need at least 32×32 (got {height}×{width})");
        var rng = new SeededRandom(seed, (ulong)index);
        int h = height, w = width;
        var px = new byte[h * w];
        var c = new Canvas(px, h, w);
        var horizon = h * rng.Uniform(0.4, 0.5);
        c.Rect(0, 0, horizon, w, 10);                                  // sky
        var x = 0.0;
        while (x < w)                                                  // buildings of varying height
        {
            var bw = w * rng.Uniform(0.08, 0.2);
            c.Rect(h * rng.Uniform(0.05, 0.3), x, horizon + 1, x + bw, 2);
            x += bw;
        }
        for (var t = 0; t < 3; t++)                                    // trees
        {
            var tx = rng.Uniform(0, w);
            c.Ellipse(horizon - (h * 0.08), tx, h * rng.Uniform(0.06, 0.12), w * rng.Uniform(0.03, 0.06), 0, 8);
        }
        c.Rect(horizon, 0, h, w, 9);                                   // terrain
        c.Polygon([(horizon, w * 0.42), (horizon, w * 0.58), (h, w * 1.05), (h, -w * 0.05)], 1); // sidewalk
        c.Polygon([(horizon, w * 0.46), (horizon, w * 0.54), (h, w * 0.9), (h, w * 0.1)], 0);    // road
        for (var p = 0; p < 3; p++)                                    // poles with signs
        {
            var px0 = rng.Uniform(0.05, 0.95) * w;
            var top = h * rng.Uniform(0.2, 0.35);
            c.Rect(top, px0, horizon + (h * 0.1), px0 + Math.Max(2, w * 0.006), 5);
            c.Rect(top - (h * 0.04), px0 - (w * 0.015), top + (h * 0.01), px0 + (w * 0.02), 7);
        }
        for (var k = 0; k < 4; k++)                                    // cars on the road
        {
            var cy = horizon + (h * rng.Uniform(0.05, 0.3));
            var scale = (cy - horizon) / (h - horizon) + 0.3;
            var cx = w * rng.Uniform(0.3, 0.7);
            var cw = w * 0.12 * scale;
            var ch = h * 0.08 * scale;
            c.Rect(cy - ch, cx - cw, cy, cx + cw, 13);
            c.Rect(cy - (1.6 * ch), cx - (0.6 * cw), cy - ch, cx + (0.6 * cw), 13);
        }
        for (var k = 0; k < 3; k++)                                    // people on the sidewalk
        {
            var cy = horizon + (h * rng.Uniform(0.05, 0.25));
            var cx = w * (rng.NextDouble() < 0.5 ? rng.Uniform(0.1, 0.3) : rng.Uniform(0.7, 0.9));
            var ph = h * 0.12 * (((cy - horizon) / (h - horizon)) + 0.4);
            c.Rect(cy - ph, cx - (ph * 0.12), cy, cx + (ph * 0.12), 11);
            c.Ellipse(cy - ph - (ph * 0.1), cx, ph * 0.1, ph * 0.1, 0, 11);
        }
        c.Ellipse(h * 1.08, w * 0.5, h * 0.16, w * 0.45, 0, 255);     // ego hood (ignore)
        return NdArray.FromArray<byte>(px, h, w);
    }
}
