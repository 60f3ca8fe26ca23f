namespace Tessera.Geometry.Triangulation;

/// <summary>
/// Joins holes to the outer ring by bridges (Eberly, "Triangulation by Ear Clipping", 2002): holes in order of
/// decreasing maximum x; from the hole's rightmost vertex M a ray to +x hits the nearest side at I; the bridge
/// goes to that side's right end P, or to the reflex vertex inside triangle (M, I, P) with the smallest angle to
/// the ray. The result is one weakly simple counter-clockwise ring in which M and P appear twice.
/// </summary>
internal static class HoleBridging
{
    public static List<int> Merge(Vec2[] pts, int[] outer, int[][] holes)
    {
        var ring = new List<int>(outer);
        var ordered = holes.OrderByDescending(h => h.Max(i => pts[i].X)).ToList();
        foreach (var hole in ordered)
        {
            var m = 0;
            for (var i = 1; i < hole.Length; i++)
            {
                var p = pts[hole[i]];
                var q = pts[hole[m]];
                if (p.X > q.X || (p.X == q.X && p.Y < q.Y)) { m = i; }
            }
            var mp = pts[hole[m]];
            var k = FindBridgeTarget(pts, ring, mp);
            var merged = new List<int>(ring.Count + hole.Length + 2);
            merged.AddRange(ring.Take(k + 1));
            for (var i = 0; i <= hole.Length; i++) { merged.Add(hole[(m + i) % hole.Length]); }
            merged.AddRange(ring.Skip(k));
            ring = merged;
        }
        return ring;
    }

    private static int FindBridgeTarget(Vec2[] pts, List<int> ring, Vec2 m)
    {
        var n = ring.Count;
        var bestX = double.PositiveInfinity;
        var bestEdge = -1;
        for (var i = 0; i < n; i++)
        {
            var a = pts[ring[i]];
            var b = pts[ring[(i + 1) % n]];
            if (!(a.Y <= m.Y && m.Y <= b.Y && a.Y < b.Y)) { continue; }
            var x = a.X + ((m.Y - a.Y) * (b.X - a.X) / (b.Y - a.Y));
            if (x < m.X) { continue; }
            if (x < bestX) { bestX = x; bestEdge = i; }
        }
        if (bestEdge < 0) { return NearestVisible(pts, ring, m); }
        var ia = bestEdge;
        var ib = (bestEdge + 1) % n;
        var pa = pts[ring[ia]];
        var pb = pts[ring[ib]];
        var hit = new Vec2(bestX, m.Y);
        if (pa == hit) { return ia; }
        if (pb == hit) { return ib; }
        var candidate = pa.X > pb.X ? ia : ib;
        var cp = pts[ring[candidate]];

        // Reflex vertices inside triangle (M, I, P) block P; take the one with the smallest angle to the ray.
        var (t0, t1, t2) = Geometry2.Orient(m, hit, cp) > 0 ? (m, hit, cp) : (m, cp, hit);
        var best = candidate;
        var bestAngle = double.PositiveInfinity;
        var bestDist = double.PositiveInfinity;
        for (var i = 0; i < n; i++)
        {
            if (ring[i] == ring[candidate]) { continue; }
            var r = pts[ring[i]];
            var prev = pts[ring[(i + n - 1) % n]];
            var next = pts[ring[(i + 1) % n]];
            if (Geometry2.Orient(prev, r, next) > 0) { continue; }
            if (!Geometry2.InTriangleInclusive(t0, t1, t2, r)) { continue; }
            var d = r - m;
            var angle = Math.Atan2(Math.Abs(d.Y), d.X);
            var dist = (d.X * d.X) + (d.Y * d.Y);
            if (angle < bestAngle || (angle == bestAngle && dist < bestDist))
            {
                bestAngle = angle;
                bestDist = dist;
                best = i;
            }
        }
        return ChooseOccurrence(pts, ring, best, m);
    }

    /// <summary>A vertex may occur twice after earlier bridges; pick the occurrence whose interior wedge holds M.</summary>
    private static int ChooseOccurrence(Vec2[] pts, List<int> ring, int k, Vec2 m)
    {
        var n = ring.Count;
        var id = ring[k];
        for (var i = 0; i < n; i++)
        {
            if (ring[i] != id) { continue; }
            var prev = pts[ring[(i + n - 1) % n]];
            var p = pts[id];
            var next = pts[ring[(i + 1) % n]];
            var convex = Geometry2.Orient(prev, p, next) > 0;
            var l1 = Geometry2.Orient(prev, p, m) > 0;
            var l2 = Geometry2.Orient(p, next, m) > 0;
            if (convex ? l1 && l2 : l1 || l2) { return i; }
        }
        return k;
    }

    private static int NearestVisible(Vec2[] pts, List<int> ring, Vec2 m)
    {
        var best = 0;
        var bestD = double.PositiveInfinity;
        for (var i = 0; i < ring.Count; i++)
        {
            var d = pts[ring[i]] - m;
            var dd = (d.X * d.X) + (d.Y * d.Y);
            if (dd < bestD) { bestD = dd; best = i; }
        }
        return best;
    }
}
