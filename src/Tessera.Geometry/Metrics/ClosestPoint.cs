namespace Tessera.Geometry.Metrics;

/// <summary>Exact closest point on a triangle by Voronoi regions (C. Ericson, <i>Real-Time Collision
/// Detection</i>, §5.1.5).</summary>
internal static class ClosestPoint
{
    public static double SquaredDistance(Vec3 p, Vec3 a, Vec3 b, Vec3 c) => (p - OnTriangle(p, a, b, c)).LengthSquared;

    public static Vec3 OnTriangle(Vec3 p, Vec3 a, Vec3 b, Vec3 c)
    {
        var ab = b - a;
        var ac = c - a;
        var ap = p - a;
        var d1 = Vec3.Dot(ab, ap);
        var d2 = Vec3.Dot(ac, ap);
        if (d1 <= 0 && d2 <= 0) { return a; }
        var bp = p - b;
        var d3 = Vec3.Dot(ab, bp);
        var d4 = Vec3.Dot(ac, bp);
        if (d3 >= 0 && d4 <= d3) { return b; }
        var vc = (d1 * d4) - (d3 * d2);
        if (vc <= 0 && d1 >= 0 && d3 <= 0)
        {
            var v = d1 / (d1 - d3);
            return a + (v * ab);
        }
        var cp = p - c;
        var d5 = Vec3.Dot(ab, cp);
        var d6 = Vec3.Dot(ac, cp);
        if (d6 >= 0 && d5 <= d6) { return c; }
        var vb = (d5 * d2) - (d1 * d6);
        if (vb <= 0 && d2 >= 0 && d6 <= 0)
        {
            var w = d2 / (d2 - d6);
            return a + (w * ac);
        }
        var va = (d3 * d6) - (d5 * d4);
        if (va <= 0 && (d4 - d3) >= 0 && (d5 - d6) >= 0)
        {
            var w = (d4 - d3) / ((d4 - d3) + (d5 - d6));
            return b + (w * (c - b));
        }
        var denom = 1.0 / (va + vb + vc);
        var vv = vb * denom;
        var ww = vc * denom;
        return a + (ab * vv) + (ac * ww);
    }
}
