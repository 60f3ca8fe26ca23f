using System.Globalization;
using Tessera.Geometry.Triangulation;

namespace Tessera.Geometry.Parity;

/// <summary>
/// Validity of a polygon triangulation as defined in <c>fixtures/mesh/README.md</c>: every triangle uses input
/// points and has positive area, the areas sum to the polygon's area, every centroid lies in the domain, and
/// (non-overlap) every polygon side is used by exactly one triangle and every other edge by exactly two
/// triangles in opposite directions.
/// </summary>
internal static class TriangulationCheck
{
    public static List<string> Problems(Polygon2 polygon, int[] triangles, double expectedArea, double relTol)
    {
        var problems = new List<string>();
        var pts = polygon.AllPoints();
        var inv = CultureInfo.InvariantCulture;
        // Canonical index: first input point with identical coordinates.
        var first = new Dictionary<Vec2, int>();
        var canon = new int[pts.Length];
        for (var i = 0; i < pts.Length; i++)
        {
            if (!first.TryGetValue(pts[i], out var c)) { c = i; first.Add(pts[i], i); }
            canon[i] = c;
        }
        var centre = pts[0];
        double sum = 0;
        var directed = new Dictionary<(int, int), int>();
        for (var t = 0; t < triangles.Length; t += 3)
        {
            var ids = new[] { triangles[t], triangles[t + 1], triangles[t + 2] };
            if (ids.Any(i => (uint)i >= (uint)pts.Length)) { problems.Add($"triangle {t / 3} uses a point outside the input"); continue; }
            var a = pts[ids[0]] - centre;
            var b = pts[ids[1]] - centre;
            var c = pts[ids[2]] - centre;
            var area2 = Vec2.Cross(b - a, c - a);
            if (area2 <= 0) { problems.Add(string.Create(inv, $"triangle {t / 3} has non-positive area {area2 / 2:G4}")); }
            sum += 0.5 * Math.Abs(area2);
            var centroid = ((pts[ids[0]] + pts[ids[1]] + pts[ids[2]]) * (1.0 / 3.0));
            if (!Inside(polygon.Outer, centroid) || polygon.Holes.Any(h => Inside(h, centroid)))
            {
                problems.Add($"triangle {t / 3} lies outside the domain");
            }
            for (var k = 0; k < 3; k++)
            {
                var key = (canon[ids[k]], canon[ids[(k + 1) % 3]]);
                directed[key] = directed.GetValueOrDefault(key) + 1;
            }
        }
        if (Math.Abs(sum - expectedArea) > relTol * Math.Abs(expectedArea))
        {
            problems.Add(string.Create(inv, $"area sum {sum:R} differs from {expectedArea:R}"));
        }
        // Sides of the polygon (between consecutive distinct vertices).
        var sides = new HashSet<(int, int)>();
        var offset = 0;
        foreach (var ring in (IEnumerable<IReadOnlyList<Vec2>>)[polygon.Outer, .. polygon.Holes])
        {
            var idx = new List<int>();
            for (var i = 0; i < ring.Count; i++)
            {
                var c = canon[offset + i];
                if (idx.Count > 0 && idx[^1] == c) { continue; }
                idx.Add(c);
            }
            while (idx.Count > 1 && idx[^1] == idx[0]) { idx.RemoveAt(idx.Count - 1); }
            for (var i = 0; i < idx.Count; i++)
            {
                var u = idx[i];
                var v = idx[(i + 1) % idx.Count];
                sides.Add(u < v ? (u, v) : (v, u));
            }
            offset += ring.Count;
        }
        var undirected = new Dictionary<(int, int), (int Fwd, int Back)>();
        foreach (var ((u, v), n) in directed)
        {
            var key = u < v ? (u, v) : (v, u);
            var cur = undirected.GetValueOrDefault(key);
            undirected[key] = u < v ? (cur.Fwd + n, cur.Back) : (cur.Fwd, cur.Back + n);
        }
        foreach (var s in sides)
        {
            var (f, b) = undirected.GetValueOrDefault(s);
            if (f + b != 1) { problems.Add($"polygon side {s} is used by {f + b} triangles (expected 1)"); }
        }
        foreach (var (e, (f, b)) in undirected)
        {
            if (sides.Contains(e)) { continue; }
            if (f != 1 || b != 1) { problems.Add($"inner edge {e} is used {f}× forward and {b}× backward (expected 1 and 1)"); }
        }
        return problems;
    }

    private static bool Inside(IReadOnlyList<Vec2> ring, Vec2 p)
    {
        var inside = false;
        for (int i = 0, j = ring.Count - 1; i < ring.Count; j = i++)
        {
            var a = ring[i];
            var b = ring[j];
            if ((a.Y > p.Y) != (b.Y > p.Y) && p.X < ((b.X - a.X) * (p.Y - a.Y) / (b.Y - a.Y)) + a.X) { inside = !inside; }
        }
        return inside;
    }
}
