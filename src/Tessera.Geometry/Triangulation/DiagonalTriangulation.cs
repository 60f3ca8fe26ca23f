using Tessera.Core.Errors;

namespace Tessera.Geometry.Triangulation;

/// <summary>
/// The textbook reference triangulation by recursive diagonal splitting: find any diagonal (a segment between
/// two non-adjacent vertices that lies inside the polygon and meets the boundary only at its ends), split the
/// polygon along it and recurse. O(n³) or worse; meant for tests that cross-check <see cref="EarClipping"/>.
/// Holes are joined by the same bridges as in ear clipping.
/// </summary>
public static class DiagonalTriangulation
{
    /// <summary>Triangulates a polygon with optional holes.</summary>
    /// <param name="polygon">The polygon.</param>
    /// <returns>Vertex indices into the concatenated input points, three per counter-clockwise triangle.</returns>
    /// <exception cref="TesseraArgumentException">Degenerate or self-intersecting input.</exception>
    public static int[] Triangulate(Polygon2 polygon)
    {
        ArgumentNullException.ThrowIfNull(polygon);
        var failure = PreparedPolygon.TryPrepare(polygon.Outer, polygon.Holes, out var prepared);
        if (failure == TriangulationFailure.None) { failure = prepared!.CheckSimple(); }
        EarClipping.ThrowOn(failure);
        var ring = prepared!.Holes.Length == 0 ? [.. prepared.Outer] : HoleBridging.Merge(prepared.Points, prepared.Outer, prepared.Holes);
        var output = new List<int>();
        Split(prepared.Points, ring, output);
        return [.. output];
    }

    private static void Split(Vec2[] pts, List<int> ring, List<int> output)
    {
        var n = ring.Count;
        if (n == 3)
        {
            if (Geometry2.Orient(pts[ring[0]], pts[ring[1]], pts[ring[2]]) <= 0)
            {
                EarClipping.ThrowOn(TriangulationFailure.NoEar);
            }
            output.AddRange(ring);
            return;
        }
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 2; j < n; j++)
            {
                if (i == 0 && j == n - 1) { continue; }
                if (!IsDiagonal(pts, ring, i, j)) { continue; }
                var left = new List<int>();
                for (var k = i; k <= j; k++) { left.Add(ring[k]); }
                var right = new List<int>();
                for (var k = j; k != i; k = (k + 1) % n) { right.Add(ring[k]); }
                right.Add(ring[i]);
                Split(pts, left, output);
                Split(pts, right, output);
                return;
            }
        }
        EarClipping.ThrowOn(TriangulationFailure.NoEar);
    }

    private static bool IsDiagonal(Vec2[] pts, List<int> ring, int i, int j)
    {
        var n = ring.Count;
        var a = pts[ring[i]];
        var b = pts[ring[j]];
        if (a == b) { return false; }
        // Inside the cone at a (interior on the left of a counter-clockwise ring).
        var ap = pts[ring[(i + n - 1) % n]];
        var an = pts[ring[(i + 1) % n]];
        var convex = Geometry2.Orient(ap, a, an) > 0;
        var inCone = convex
            ? Geometry2.Orient(a, an, b) > 0 && Geometry2.Orient(ap, a, b) > 0
            : !(Geometry2.Orient(a, an, b) <= 0 && Geometry2.Orient(ap, a, b) <= 0);
        if (!inCone) { return false; }
        var bp = pts[ring[(j + n - 1) % n]];
        var bn = pts[ring[(j + 1) % n]];
        var convexB = Geometry2.Orient(bp, b, bn) > 0;
        var inConeB = convexB
            ? Geometry2.Orient(b, bn, a) > 0 && Geometry2.Orient(bp, b, a) > 0
            : !(Geometry2.Orient(b, bn, a) <= 0 && Geometry2.Orient(bp, b, a) <= 0);
        if (!inConeB) { return false; }
        for (var k = 0; k < n; k++)
        {
            var c = pts[ring[k]];
            var d = pts[ring[(k + 1) % n]];
            var touchesA = c == a || d == a;
            var touchesB = c == b || d == b;
            if (touchesA && touchesB) { return false; }
            if (touchesA || touchesB)
            {
                // Sides at an end may only meet the diagonal at that end.
                var other = touchesA ? (c == a ? d : c) : (c == b ? d : c);
                if (Geometry2.Orient(a, b, other) == 0 && Geometry2.OnSegment(a, b, other)) { return false; }
                continue;
            }
            if (Geometry2.SegmentsIntersect(a, b, c, d)) { return false; }
        }
        return true;
    }
}
