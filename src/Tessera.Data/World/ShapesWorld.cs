using Tessera.Core.Errors;
using Tessera.Core.Random;

namespace Tessera.Data.World;

/// <summary>
/// A seeded generator of shape scenes: circles, squares, triangles, stars, rings, hexagons and crosses in eight colours,
/// three sizes, any rotation, four fill textures, with occlusion, over flat, gradient, noise, stripe, checker or photo
/// backgrounds, in several visual domains (<see cref="WorldDomains"/>). Every scene carries its class labels, counts,
/// attributes, instance and semantic masks, boxes, keypoints, a caption and referring expressions.
/// </summary>
/// <remarks>
/// <para>Determinism: scene <c>i</c> is drawn from <c>new SeededRandom(seed ^ FNV-1a-64(domain name), i)</c> only (DESIGN's
/// per-sample streams; the domain name is mixed in so that domains do not share layouts under one seed),
/// so it is the same whatever other scenes are generated, in any order and on any number of threads. Photo backgrounds
/// also depend on the photos found (see <see cref="WorldOptions.PhotoDirectory"/>).</para>
/// <para>Layout: objects are placed inside the image; without <see cref="WorldDomain.AllowOverlap"/> they keep 2 px apart.
/// Objects are painted in order (later on top); an object left with less than
/// <see cref="WorldDomain.MinVisibleFraction"/> of its area visible is dropped before painting.</para>
/// <para>An instance is thread-safe: it holds only read-only settings and the loaded photos.</para>
/// </remarks>
public sealed class ShapesWorld
{
    private static readonly (double Low, double High)[] SizeRanges = [(0.07, 0.10), (0.12, 0.16), (0.19, 0.24)];
    private readonly PhotoLibrary _photos;

    /// <summary>Creates a world (loads the sample photos when the domain uses photo backgrounds).</summary>
    /// <param name="options">Settings; defaults when null.</param>
    /// <exception cref="TesseraArgumentException">An option is invalid.</exception>
    public ShapesWorld(WorldOptions? options = null)
    {
        Options = options ?? new WorldOptions();
        Options.Validate();
        _photos = Options.Domain.BackgroundWeights[5] > 0 ? PhotoLibrary.Load(Options.PhotoDirectory) : PhotoLibrary.Load("");
    }

    /// <summary>The validated settings.</summary>
    public WorldOptions Options { get; }

    /// <summary>Number of sample photos found for photo backgrounds.</summary>
    public int PhotoCount => _photos.Photos.Count;

    /// <summary>Generates scene <paramref name="index"/>.</summary>
    /// <param name="index">Sample index (≥ 0).</param>
    /// <returns>The scene.</returns>
    /// <exception cref="TesseraArgumentException">The index is negative.</exception>
    public WorldScene Generate(int index)
    {
        Guard.That(index >= 0, nameof(index), $"must not be negative (got {index})");
        var size = Options.Size;
        var domain = Options.Domain;
        var rng = new SeededRandom(Options.Seed ^ DomainSalt(domain.Name), (ulong)index);
        var rgb = new byte[size * size * 3];
        var backgroundKind = ScenePainter.PaintBackground(rgb, size, Pick(domain.BackgroundWeights, rng), domain, _photos, rng);

        var placed = Place(domain, size, rng);
        var coverage = new byte[size * size];
        var shapes = placed.Select(p => new ShapeGeometry(p.Shape, p.Cx, p.Cy, p.Radius, p.Rotation)).ToList();
        // Drop objects that later objects hide too much (repeat until stable: dropping only uncovers others).
        var keep = Enumerable.Range(0, placed.Count).ToList();
        while (true)
        {
            Rasterize(shapes, keep, coverage, size);
            var full = keep.ToDictionary(k => k, k => 0);
            var visible = keep.ToDictionary(k => k, k => 0);
            foreach (var k in keep) { full[k] = CountInside(shapes[k], size); }
            foreach (var v in coverage) { if (v > 0) { visible[keep[v - 1]]++; } }
            var drop = keep.Where(k => full[k] == 0 || visible[k] < domain.MinVisibleFraction * full[k]).ToList();
            if (drop.Count == 0 || keep.Count == 1) { break; }
            keep.Remove(drop[0]);
        }

        var instances = new byte[size * size];
        var semantic = new byte[size * size];
        var objects = new List<WorldObject>(keep.Count);
        for (var n = 0; n < keep.Count; n++)
        {
            var p = placed[keep[n]];
            var g = shapes[keep[n]];
            var (br, bgc, bb) = WorldVocabulary.ColorValues[p.Color];
            var color = (Tint(br, p.Jitter.R), Tint(bgc, p.Jitter.G), Tint(bb, p.Jitter.B));
            var (ts, tc) = Math.SinCos(p.TextureAngle);
            var id = (byte)(n + 1);
            ForEachInside(g, size, (x, y) =>
            {
                var i = (y * size) + x;
                if (coverage[i] != id) { return; }
                var (r, gg, b) = ScenePainter.Texel(color, p.Texture, x, y, g.Cx, g.Cy, g.Radius, p.TexturePeriod, ts, tc);
                rgb[3 * i] = ScenePainter.Clamp(r);
                rgb[(3 * i) + 1] = ScenePainter.Clamp(gg);
                rgb[(3 * i) + 2] = ScenePainter.Clamp(b);
                instances[i] = id;
                semantic[i] = (byte)((int)p.Shape + 1);
            });
            objects.Add(Annotate(n + 1, p, g, coverage, size));
        }
        double Tint(byte v, int jitter) => (v + jitter) * domain.Lighting;

        if (domain.PixelNoise > 0 || domain.ColorCast != default)
        {
            var cast = new[] { domain.ColorCast.R, domain.ColorCast.G, domain.ColorCast.B };
            for (var i = 0; i < rgb.Length; i++)
            {
                rgb[i] = ScenePainter.Clamp(rgb[i] + cast[i % 3] + (domain.PixelNoise > 0 ? rng.NextGaussian() * domain.PixelNoise : 0));
            }
        }
        var background = WorldVocabulary.Backgrounds[backgroundKind];
        return new WorldScene(index, domain.Name, size, size, rgb, instances, semantic, objects, background,
            SceneText.Caption(objects, background), SceneText.Expressions(objects));
    }

    /// <summary>Generates scenes <paramref name="start"/> … <paramref name="start"/> + <paramref name="count"/> − 1 on worker threads, in index order.</summary>
    /// <param name="start">First index.</param>
    /// <param name="count">Number of scenes.</param>
    /// <param name="maxDegreeOfParallelism">Worker threads (−1: all cores). The result does not depend on it.</param>
    /// <param name="cancellationToken">Stops the generation (throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>The scenes.</returns>
    /// <exception cref="TesseraArgumentException"><paramref name="start"/> or <paramref name="count"/> is negative.</exception>
    public IReadOnlyList<WorldScene> Generate(int start, int count, int maxDegreeOfParallelism = -1, CancellationToken cancellationToken = default)
    {
        Guard.That(start >= 0 && count >= 0, nameof(count), $"start and count must not be negative (got {start}, {count})");
        var scenes = new WorldScene[count];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = cancellationToken },
            i => scenes[i] = Generate(start + i));
        return scenes;
    }

    private sealed record Placement(ShapeKind Shape, int Color, int Size, int Texture, double Cx, double Cy, double Radius, double Rotation,
        (int R, int G, int B) Jitter, double TexturePeriod, double TextureAngle);

    private static List<Placement> Place(WorldDomain domain, int size, SeededRandom rng)
    {
        var wanted = rng.NextInt(domain.MinObjects, domain.MaxObjects + 1);
        var result = new List<Placement>(wanted);
        for (var n = 0; n < wanted; n++)
        {
            var shape = (ShapeKind)rng.NextInt(0, WorldVocabulary.Shapes.Count);
            var color = rng.NextInt(0, WorldVocabulary.Colors.Count);
            var sizeClass = Pick(domain.SizeWeights, rng);
            var texture = Pick(domain.TextureWeights, rng);
            var radius = size * rng.Uniform(SizeRanges[sizeClass].Low, SizeRanges[sizeClass].High);
            var rotation = rng.Uniform(0, 2 * Math.PI);
            var j = domain.ColorJitter;
            var jitter = (rng.NextInt(-j, j + 1), rng.NextInt(-j, j + 1), rng.NextInt(-j, j + 1));
            var period = rng.Uniform(3, 7);
            var angle = rng.Uniform(0, Math.PI);
            for (var attempt = 0; attempt < 40; attempt++)
            {
                double cx, cy;
                if (domain.Centered)
                {
                    cx = (size / 2.0) + rng.Uniform(-0.08, 0.08) * size;
                    cy = (size / 2.0) + rng.Uniform(-0.08, 0.08) * size;
                }
                else
                {
                    cx = rng.Uniform(radius + 1, size - radius - 1);
                    cy = rng.Uniform(radius + 1, size - radius - 1);
                }
                var fits = result.All(o =>
                {
                    var d = Math.Sqrt(Math.Pow(o.Cx - cx, 2) + Math.Pow(o.Cy - cy, 2));
                    return domain.AllowOverlap ? d >= 0.45 * (o.Radius + radius) : d >= o.Radius + radius + 2;
                });
                if (fits)
                {
                    result.Add(new Placement(shape, color, sizeClass, texture, cx, cy, radius, rotation, jitter, period, angle));
                    break;
                }
            }
        }
        return result;
    }

    private static void Rasterize(List<ShapeGeometry> shapes, List<int> keep, byte[] coverage, int size)
    {
        Array.Clear(coverage);
        for (var n = 0; n < keep.Count; n++)
        {
            var id = (byte)(n + 1);
            ForEachInside(shapes[keep[n]], size, (x, y) => coverage[(y * size) + x] = id);
        }
    }

    private static int CountInside(ShapeGeometry g, int size)
    {
        var count = 0;
        ForEachInside(g, size, (_, _) => count++);
        return count;
    }

    private static void ForEachInside(ShapeGeometry g, int size, Action<int, int> action)
    {
        var reach = g.Radius * 1.07;
        var y0 = Math.Max(0, (int)Math.Floor(g.Cy - reach));
        var y1 = Math.Min(size - 1, (int)Math.Ceiling(g.Cy + reach));
        var x0 = Math.Max(0, (int)Math.Floor(g.Cx - reach));
        var x1 = Math.Min(size - 1, (int)Math.Ceiling(g.Cx + reach));
        for (var y = y0; y <= y1; y++)
        {
            for (var x = x0; x <= x1; x++)
            {
                if (g.Contains(x, y)) { action(x, y); }
            }
        }
    }

    private static WorldObject Annotate(int id, Placement p, ShapeGeometry g, byte[] coverage, int size)
    {
        int minX = size, minY = size, maxX = -1, maxY = -1, area = 0, full = 0;
        ForEachInside(g, size, (x, y) =>
        {
            full++;
            if (coverage[(y * size) + x] != id) { return; }
            area++;
            minX = Math.Min(minX, x);
            maxX = Math.Max(maxX, x);
            minY = Math.Min(minY, y);
            maxY = Math.Max(maxY, y);
        });
        var keypoints = g.Keypoints().Select(k =>
        {
            var visible = false;
            var kx = (int)Math.Round(k.X);
            var ky = (int)Math.Round(k.Y);
            for (var dy = -1; dy <= 1 && !visible; dy++)
            {
                for (var dx = -1; dx <= 1 && !visible; dx++)
                {
                    int x = kx + dx, y = ky + dy;
                    visible = x >= 0 && y >= 0 && x < size && y < size && coverage[(y * size) + x] == id;
                }
            }
            return (k.X, k.Y, visible ? 2 : 1);
        }).ToList();
        var outline = g.Polygon.SelectMany(q => new[] { Math.Round(q.X, 2), Math.Round(q.Y, 2) }).ToList();
        var degrees = p.Rotation * 180 / Math.PI;
        return new WorldObject(id, p.Shape, p.Color, p.Size, p.Texture, p.Cx, p.Cy, p.Radius, degrees,
            [minX, minY, maxX - minX + 1, maxY - minY + 1], area, full == 0 ? 0 : area / (double)full, keypoints, outline);
    }

    /// <summary>FNV-1a 64 of the domain name's UTF-16 code units (stable across runs and platforms).</summary>
    internal static ulong DomainSalt(string name)
    {
        var h = 14695981039346656037UL;
        foreach (var ch in name)
        {
            h ^= ch;
            h *= 1099511628211UL;
        }
        return h;
    }

    private static int Pick(IReadOnlyList<double> weights, SeededRandom rng)
    {
        var u = rng.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Count; i++)
        {
            u -= weights[i];
            if (u < 0 && weights[i] > 0) { return i; }
        }
        return weights.Count - 1 - weights.Reverse().TakeWhile(w => w == 0).Count();
    }
}
