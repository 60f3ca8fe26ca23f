namespace Tessera.Geometry.Parity;

/// <summary>Order-independent comparison of two vertex sets: a one-to-one nearest-neighbour matching within a
/// tolerance, found with a spatial hash (cells of the tolerance's size, 27-cell search).</summary>
internal static class VertexMatching
{
    /// <summary>Maps each actual vertex to an expected one; returns null mapping if no one-to-one matching within
    /// <paramref name="tol"/> exists. <paramref name="maxDistance"/> is the largest nearest distance seen.</summary>
    public static int[]? Match(IReadOnlyList<Vec3> actual, IReadOnlyList<Vec3> expected, double tol, out double maxDistance, out string? problem)
    {
        maxDistance = 0;
        problem = null;
        if (actual.Count != expected.Count)
        {
            problem = $"vertex counts differ ({actual.Count} vs {expected.Count})";
            return null;
        }
        var cell = Math.Max(tol, 1e-300);
        var grid = new Dictionary<(long, long, long), List<int>>();
        (long, long, long) Key(Vec3 p) => ((long)Math.Floor(p.X / cell), (long)Math.Floor(p.Y / cell), (long)Math.Floor(p.Z / cell));
        for (var i = 0; i < expected.Count; i++)
        {
            var k = Key(expected[i]);
            if (!grid.TryGetValue(k, out var list)) { list = []; grid.Add(k, list); }
            list.Add(i);
        }
        var used = new bool[expected.Count];
        var map = new int[actual.Count];
        for (var i = 0; i < actual.Count; i++)
        {
            var p = actual[i];
            var (kx, ky, kz) = Key(p);
            var best = -1;
            var bestD = double.PositiveInfinity;
            for (var dx = -1; dx <= 1; dx++)
            {
                for (var dy = -1; dy <= 1; dy++)
                {
                    for (var dz = -1; dz <= 1; dz++)
                    {
                        if (!grid.TryGetValue((kx + dx, ky + dy, kz + dz), out var list)) { continue; }
                        foreach (var j in list)
                        {
                            if (used[j]) { continue; }
                            var d = (expected[j] - p).Length;
                            if (d < bestD) { bestD = d; best = j; }
                        }
                    }
                }
            }
            if (best < 0 || bestD > tol)
            {
                maxDistance = double.PositiveInfinity;
                problem = $"vertex {i} {p} has no unmatched expected vertex within {tol:G3}";
                return null;
            }
            used[best] = true;
            map[i] = best;
            maxDistance = Math.Max(maxDistance, bestD);
        }
        return map;
    }

    /// <summary>Faces re-indexed through a matching, each rotated so its smallest index comes first, sorted.</summary>
    public static List<(int, int, int)> Canonical(ReadOnlySpan<int> triangles, int[]? map)
    {
        var list = new List<(int, int, int)>(triangles.Length / 3);
        for (var i = 0; i < triangles.Length; i += 3)
        {
            int a = triangles[i], b = triangles[i + 1], c = triangles[i + 2];
            if (map is not null) { a = map[a]; b = map[b]; c = map[c]; }
            if (b < a && b < c) { (a, b, c) = (b, c, a); }
            else if (c < a && c < b) { (a, b, c) = (c, a, b); }
            list.Add((a, b, c));
        }
        list.Sort();
        return list;
    }
}
