namespace Tessera.Geometry.Triangulation;

/// <summary>Planar predicates (plain double arithmetic on centred coordinates).</summary>
internal static class Geometry2
{
    public static double Orient(Vec2 a, Vec2 b, Vec2 c) => Vec2.Cross(b - a, c - a);

    /// <summary>True when closed segments ab and cd share a point.</summary>
    public static bool SegmentsIntersect(Vec2 a, Vec2 b, Vec2 c, Vec2 d)
    {
        var d1 = Math.Sign(Orient(c, d, a));
        var d2 = Math.Sign(Orient(c, d, b));
        var d3 = Math.Sign(Orient(a, b, c));
        var d4 = Math.Sign(Orient(a, b, d));
        if (d1 * d2 < 0 && d3 * d4 < 0) { return true; }
        return (d1 == 0 && OnSegment(c, d, a)) || (d2 == 0 && OnSegment(c, d, b))
            || (d3 == 0 && OnSegment(a, b, c)) || (d4 == 0 && OnSegment(a, b, d));
    }

    /// <summary>True when p (collinear with ab) lies within the closed segment ab.</summary>
    public static bool OnSegment(Vec2 a, Vec2 b, Vec2 p)
        => Math.Min(a.X, b.X) <= p.X && p.X <= Math.Max(a.X, b.X) && Math.Min(a.Y, b.Y) <= p.Y && p.Y <= Math.Max(a.Y, b.Y);

    /// <summary>True when p is inside or on the counter-clockwise triangle abc.</summary>
    public static bool InTriangleInclusive(Vec2 a, Vec2 b, Vec2 c, Vec2 p)
        => Orient(a, b, p) >= 0 && Orient(b, c, p) >= 0 && Orient(c, a, p) >= 0;

    /// <summary>True when p is strictly inside the counter-clockwise triangle abc.</summary>
    public static bool InTriangleStrict(Vec2 a, Vec2 b, Vec2 c, Vec2 p)
        => Orient(a, b, p) > 0 && Orient(b, c, p) > 0 && Orient(c, a, p) > 0;

    /// <summary>Even-odd point-in-polygon test.</summary>
    public static bool PointInRing(Vec2[] pts, IReadOnlyList<int> ring, Vec2 p)
    {
        var inside = false;
        for (int i = 0, j = ring.Count - 1; i < ring.Count; j = i++)
        {
            var a = pts[ring[i]];
            var b = pts[ring[j]];
            if ((a.Y > p.Y) != (b.Y > p.Y) && p.X < ((b.X - a.X) * (p.Y - a.Y) / (b.Y - a.Y)) + a.X)
            {
                inside = !inside;
            }
        }
        return inside;
    }
}
