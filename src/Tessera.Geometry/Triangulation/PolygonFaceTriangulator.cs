namespace Tessera.Geometry.Triangulation;

/// <summary>Triangulates one planar-ish 3-D polygon face (file input): ear clipping in the plane given by the
/// Newell normal, falling back to a fan when the projection is not a simple polygon.</summary>
internal static class PolygonFaceTriangulator
{
    /// <summary>Returns corner positions (indices into <paramref name="corners"/>), three per triangle.</summary>
    public static int[] Triangulate(IReadOnlyList<Vec3> positions, int[] corners)
    {
        var n = corners.Length;
        var normal = Vec3.Zero;
        for (var i = 0; i < n; i++)
        {
            var a = positions[corners[i]];
            var b = positions[corners[(i + 1) % n]];
            normal += new Vec3((a.Y - b.Y) * (a.Z + b.Z), (a.Z - b.Z) * (a.X + b.X), (a.X - b.X) * (a.Y + b.Y));
        }
        var ring = new Vec2[n];
        if (normal.LengthSquared > 0)
        {
            var nrm = normal.Normalized();
            var helper = Math.Abs(nrm.X) < 0.9 ? new Vec3(1, 0, 0) : new Vec3(0, 1, 0);
            var u = Vec3.Cross(helper, nrm).Normalized();
            var v = Vec3.Cross(nrm, u);
            for (var i = 0; i < n; i++)
            {
                var p = positions[corners[i]];
                ring[i] = new Vec2(Vec3.Dot(p, u), Vec3.Dot(p, v));
            }
            if (EarClipping.TryTriangulateRing(ring, out var tris) && tris.Length == 3 * (n - 2))
            {
                return tris;
            }
        }
        var fan = new int[3 * (n - 2)];
        for (var i = 0; i < n - 2; i++)
        {
            fan[3 * i] = 0;
            fan[(3 * i) + 1] = i + 1;
            fan[(3 * i) + 2] = i + 2;
        }
        return fan;
    }
}
