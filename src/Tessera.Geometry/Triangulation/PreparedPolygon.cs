namespace Tessera.Geometry.Triangulation;

/// <summary>
/// A polygon ready for triangulation: points translated to the bounding-box centre (so far-offset inputs keep
/// their precision), consecutive duplicates dropped, outer ring counter-clockwise and holes clockwise.
/// Rings hold indices into <see cref="Points"/>, which are the input's concatenated indices.
/// </summary>
internal sealed class PreparedPolygon
{
    private PreparedPolygon(Vec2[] points, int[] outer, int[][] holes)
    {
        Points = points;
        Outer = outer;
        Holes = holes;
    }

    public Vec2[] Points { get; }
    public int[] Outer { get; }
    public int[][] Holes { get; }

    public int DistinctVertexCount => Outer.Length + Holes.Sum(h => h.Length);

    public static TriangulationFailure TryPrepare(IReadOnlyList<Vec2> outer, IReadOnlyList<IReadOnlyList<Vec2>> holes, out PreparedPolygon? prepared)
    {
        prepared = null;
        var all = new List<Vec2>(outer);
        foreach (var h in holes) { all.AddRange(h); }
        var min = new Vec2(all.Min(p => p.X), all.Min(p => p.Y));
        var max = new Vec2(all.Max(p => p.X), all.Max(p => p.Y));
        var centre = (min + max) * 0.5;
        var pts = all.Select(p => p - centre).ToArray();

        var offset = 0;
        var rings = new List<int[]>();
        foreach (var ring in (IEnumerable<IReadOnlyList<Vec2>>)[outer, .. holes])
        {
            var idx = new List<int>();
            for (var i = 0; i < ring.Count; i++)
            {
                var g = offset + i;
                if (idx.Count > 0 && pts[idx[^1]] == pts[g]) { continue; }
                idx.Add(g);
            }
            while (idx.Count > 1 && pts[idx[^1]] == pts[idx[0]]) { idx.RemoveAt(idx.Count - 1); }
            if (idx.Count < 3) { return TriangulationFailure.Degenerate; }
            rings.Add([.. idx]);
            offset += ring.Count;
        }
        for (var r = 0; r < rings.Count; r++)
        {
            var area = SignedArea(pts, rings[r]);
            if (area == 0) { return TriangulationFailure.Degenerate; }
            var wantPositive = r == 0;
            if ((area > 0) != wantPositive) { Array.Reverse(rings[r]); }
        }
        prepared = new PreparedPolygon(pts, rings[0], [.. rings.Skip(1)]);
        return TriangulationFailure.None;
    }

    public static double SignedArea(Vec2[] pts, IReadOnlyList<int> ring)
    {
        double s = 0;
        for (var i = 0; i < ring.Count; i++)
        {
            s += Vec2.Cross(pts[ring[i]], pts[ring[(i + 1) % ring.Count]]);
        }
        return 0.5 * s;
    }

    /// <summary>Checks that no two sides intersect or touch (adjacent sides may only share their common end and
    /// must not fold back), and that every hole lies inside the outer ring. O(n²) with bounding-box rejection.</summary>
    public TriangulationFailure CheckSimple()
    {
        var segs = new List<(int A, int B, int Ring, int Pos, int Len)>();
        var ringList = new List<int[]> { Outer };
        ringList.AddRange(Holes);
        for (var r = 0; r < ringList.Count; r++)
        {
            var ring = ringList[r];
            for (var i = 0; i < ring.Length; i++) { segs.Add((ring[i], ring[(i + 1) % ring.Length], r, i, ring.Length)); }
        }
        var boxes = segs.Select(s => (MinX: Math.Min(Points[s.A].X, Points[s.B].X), MaxX: Math.Max(Points[s.A].X, Points[s.B].X),
            MinY: Math.Min(Points[s.A].Y, Points[s.B].Y), MaxY: Math.Max(Points[s.A].Y, Points[s.B].Y))).ToArray();
        var order = Enumerable.Range(0, segs.Count).OrderBy(i => boxes[i].MinX).ToArray();
        for (var oi = 0; oi < order.Length; oi++)
        {
            var i = order[oi];
            for (var oj = oi + 1; oj < order.Length; oj++)
            {
                var j = order[oj];
                if (boxes[j].MinX > boxes[i].MaxX) { break; }
                if (boxes[j].MinY > boxes[i].MaxY || boxes[j].MaxY < boxes[i].MinY) { continue; }
                var s = segs[i];
                var t = segs[j];
                var adjacent = s.Ring == t.Ring && (s.B == t.A || t.B == s.A) && (s.Len > 2);
                if (adjacent)
                {
                    // Shared end: only a fold-back (collinear overlap) is an error.
                    var (shared, p, q) = s.B == t.A ? (s.B, s.A, t.B) : (s.A, s.B, t.A);
                    var a = Points[p] - Points[shared];
                    var b = Points[q] - Points[shared];
                    if (Vec2.Cross(a, b) == 0 && ((a.X * b.X) + (a.Y * b.Y)) > 0) { return TriangulationFailure.SelfIntersecting; }
                    if (s.B == t.A && t.B == s.A) { return TriangulationFailure.SelfIntersecting; }
                    continue;
                }
                if (Geometry2.SegmentsIntersect(Points[s.A], Points[s.B], Points[t.A], Points[t.B]))
                {
                    return TriangulationFailure.SelfIntersecting;
                }
            }
        }
        foreach (var h in Holes)
        {
            if (!Geometry2.PointInRing(Points, Outer, Points[h[0]])) { return TriangulationFailure.HoleOutside; }
        }
        return TriangulationFailure.None;
    }
}
