using Tessera.Core.Errors;

namespace Tessera.Geometry.Triangulation;

/// <summary>
/// Triangulates simple polygons (either orientation; collinear and repeated points tolerated) and polygons
/// with holes (joined to the outer ring by bridges) by ear clipping.
/// </summary>
/// <remarks>
/// Result: <c>n − 2 + 2h</c> counter-clockwise triangles over the input points (n distinct vertices over all
/// rings, h holes), no Steiner points, each with positive area. An ear is a strictly convex vertex whose
/// triangle contains no other vertex, boundary included (so a straight run of collinear vertices is never cut
/// off into a sliver). Coordinates are centred first, so inputs far from the origin keep their precision.
/// Reference: D. Eberly, "Triangulation by Ear Clipping" (2002); Meisters, "Polygons have ears" (1975).
/// Cost O(n²) (plus an O(n²) simplicity check with bounding-box pruning).
/// </remarks>
public static class EarClipping
{
    /// <summary>Triangulates a polygon with optional holes.</summary>
    /// <param name="polygon">The polygon.</param>
    /// <returns>Vertex indices into the concatenated input points, three per counter-clockwise triangle.</returns>
    /// <exception cref="TesseraArgumentException">The polygon is degenerate (fewer than 3 distinct points or zero
    /// area), self-intersecting, or a hole lies outside the outer ring.</exception>
    public static int[] Triangulate(Polygon2 polygon)
    {
        ArgumentNullException.ThrowIfNull(polygon);
        var failure = Run(polygon.Outer, polygon.Holes, checkSimple: true, out var tris);
        ThrowOn(failure);
        return tris;
    }

    /// <summary>Triangulates a simple polygon given as one ring.</summary>
    /// <param name="ring">The ring (either orientation).</param>
    /// <returns>Vertex indices into <paramref name="ring"/>, three per counter-clockwise triangle.</returns>
    /// <exception cref="TesseraArgumentException">Degenerate or self-intersecting ring.</exception>
    public static int[] Triangulate(IReadOnlyList<Vec2> ring) => Triangulate(new Polygon2(ring));

    internal static void ThrowOn(TriangulationFailure failure)
    {
        switch (failure)
        {
            case TriangulationFailure.None: return;
            case TriangulationFailure.Degenerate:
                throw new TesseraArgumentException("polygon", "must have at least 3 distinct vertices and non-zero area in every ring");
            case TriangulationFailure.SelfIntersecting:
                throw new TesseraArgumentException("polygon", "must be simple: two sides intersect or touch");
            case TriangulationFailure.HoleOutside:
                throw new TesseraArgumentException("polygon", "every hole must lie inside the outer ring");
            default:
                throw new TesseraArgumentException("polygon", "could not be triangulated (no ear found; numerically inconsistent input)");
        }
    }

    /// <summary>Ear clipping of a single ring without the simplicity check (for polygon faces read from files).</summary>
    internal static bool TryTriangulateRing(Vec2[] ring, out int[] triangles)
        => Run(ring, [], checkSimple: false, out triangles) == TriangulationFailure.None;

    internal static TriangulationFailure Run(IReadOnlyList<Vec2> outer, IReadOnlyList<IReadOnlyList<Vec2>> holes, bool checkSimple, out int[] triangles)
    {
        triangles = [];
        var failure = PreparedPolygon.TryPrepare(outer, holes, out var prepared);
        if (failure != TriangulationFailure.None) { return failure; }
        if (checkSimple)
        {
            failure = prepared!.CheckSimple();
            if (failure != TriangulationFailure.None) { return failure; }
        }
        var ring = prepared!.Holes.Length == 0 ? [.. prepared.Outer] : HoleBridging.Merge(prepared.Points, prepared.Outer, prepared.Holes);
        return Clip(prepared.Points, ring, out triangles);
    }

    private static TriangulationFailure Clip(Vec2[] pts, List<int> ring, out int[] triangles)
    {
        var n = ring.Count;
        var output = new List<int>(3 * (n - 2));
        var prev = new int[n];
        var next = new int[n];
        for (var i = 0; i < n; i++)
        {
            prev[i] = (i + n - 1) % n;
            next[i] = (i + 1) % n;
        }
        var ear = new bool[n];
        var alive = new bool[n];
        Array.Fill(alive, true);
        for (var i = 0; i < n; i++) { ear[i] = IsEar(pts, ring, prev, next, i, strict: false); }
        var remaining = n;
        var cur = 0;
        while (remaining > 3)
        {
            var found = -1;
            var v = cur;
            for (var s = 0; s < remaining; s++, v = next[v])
            {
                if (ear[v]) { found = v; break; }
            }
            if (found < 0)
            {
                // Relax: allow vertices on the ear's boundary (touching configurations of weakly simple rings).
                v = cur;
                for (var s = 0; s < remaining; s++, v = next[v])
                {
                    if (IsEar(pts, ring, prev, next, v, strict: true)) { found = v; break; }
                }
            }
            if (found < 0)
            {
                triangles = [];
                return TriangulationFailure.NoEar;
            }
            var a = prev[found];
            var c = next[found];
            output.Add(ring[a]);
            output.Add(ring[found]);
            output.Add(ring[c]);
            alive[found] = false;
            next[a] = c;
            prev[c] = a;
            remaining--;
            ear[a] = IsEar(pts, ring, prev, next, a, strict: false);
            ear[c] = IsEar(pts, ring, prev, next, c, strict: false);
            cur = c;
        }
        var last = cur;
        for (var i = 0; i < n; i++)
        {
            if (alive[i]) { last = i; break; }
        }
        var l0 = prev[last];
        var l2 = next[last];
        if (Geometry2.Orient(pts[ring[l0]], pts[ring[last]], pts[ring[l2]]) <= 0)
        {
            triangles = [];
            return TriangulationFailure.NoEar;
        }
        output.Add(ring[l0]);
        output.Add(ring[last]);
        output.Add(ring[l2]);
        triangles = [.. output];
        return TriangulationFailure.None;
    }

    private static bool IsEar(Vec2[] pts, List<int> ring, int[] prev, int[] next, int i, bool strict)
    {
        var ia = prev[i];
        var ic = next[i];
        var a = pts[ring[ia]];
        var b = pts[ring[i]];
        var c = pts[ring[ic]];
        if (Geometry2.Orient(a, b, c) <= 0) { return false; }
        for (var j = next[ic]; j != ia; j = next[j])
        {
            var p = pts[ring[j]];
            if (p == a || p == b || p == c) { continue; }
            var inside = strict ? Geometry2.InTriangleStrict(a, b, c, p) : Geometry2.InTriangleInclusive(a, b, c, p);
            if (inside) { return false; }
        }
        return true;
    }
}
