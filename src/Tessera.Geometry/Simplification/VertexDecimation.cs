using Tessera.Core.Errors;
using Tessera.Geometry.Topology;

namespace Tessera.Geometry.Simplification;

/// <summary>
/// Plain vertex decimation (W. Schroeder et al., "Decimation of Triangle Meshes", SIGGRAPH 1992): interior
/// vertices are removed in order of their distance to the average plane of their 1-ring, and the hole is
/// re-triangulated as a fan from the neighbour that gives the largest minimum angle among the fans that keep a
/// 2-manifold and flip no face (a vertex removal expressed as a half-edge collapse). Boundary vertices are kept.
/// Topology preserving; cheaper but less accurate than <see cref="QemSimplification"/>.
/// </summary>
public static class VertexDecimation
{
    /// <summary>Decimates to a face count.</summary>
    /// <param name="mesh">A 2-manifold triangle mesh (not modified).</param>
    /// <param name="targetFaces">Stop at the first face count ≤ this.</param>
    /// <param name="cancellationToken">Checked periodically.</param>
    /// <returns>The decimated mesh.</returns>
    /// <exception cref="TesseraArgumentException">Not a 2-manifold, or a negative target.</exception>
    public static TriangleMesh Apply(TriangleMesh mesh, int targetFaces, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        Guard.That(targetFaces >= 0, nameof(targetFaces), $"must be >= 0 (got {targetFaces})");
        MeshValidator.RequireManifoldFast(mesh, nameof(mesh));
        var em = new EditableMesh(mesh);
        var flip = new NormalFlipCriterion();
        var version = new int[mesh.VertexCount];
        var queue = new PriorityQueue<(int V, int Stamp), double>(mesh.VertexCount);
        var ring = new List<int>();
        for (var v = 0; v < mesh.VertexCount; v++)
        {
            if (Priority(em, v) is { } p) { queue.Enqueue((v, 0), p); }
        }
        var steps = 0;
        while (em.LiveFaces > targetFaces && queue.TryDequeue(out var item, out _))
        {
            if ((++steps & 1023) == 0) { cancellationToken.ThrowIfCancellationRequested(); }
            if (item.Stamp != version[item.V] || em.FacesOf(item.V).Count == 0) { continue; }
            var v = item.V;
            em.Neighbors(v, ring);
            var bestTarget = -1;
            var bestQuality = double.NegativeInfinity;
            foreach (var w in ring)
            {
                if (em.CanCollapse(v, w) != CollapseResult.Ok) { continue; }
                var candidate = new CollapseCandidate(w, v, em.Position(w), 0);
                if (double.IsPositiveInfinity(flip.Score(em, candidate))) { continue; }
                var q = FanQuality(em, v, w);
                if (q > bestQuality) { bestQuality = q; bestTarget = w; }
            }
            if (bestTarget < 0) { continue; }
            em.Collapse(v, bestTarget, em.Position(bestTarget));
            version[v]++;
            em.Neighbors(bestTarget, ring);
            var affected = ring.ToArray();
            foreach (var w in affected.Append(bestTarget))
            {
                version[w]++;
                if (Priority(em, w) is { } p) { queue.Enqueue((w, version[w]), p); }
            }
        }
        return em.ToMesh();
    }

    /// <summary>Distance from v to the area-weighted average plane of its faces; null for boundary vertices.</summary>
    private static double? Priority(EditableMesh em, int v)
    {
        if (em.FacesOf(v).Count == 0 || em.IsBoundary(v)) { return null; }
        var normal = Vec3.Zero;
        var centre = Vec3.Zero;
        double area = 0;
        foreach (var f in em.FacesOf(v))
        {
            var (a, b, c) = em.Face(f);
            var pa = em.Position(a);
            var n = Vec3.Cross(em.Position(b) - pa, em.Position(c) - pa);
            var ar = 0.5 * n.Length;
            normal += n;
            centre += ar * ((pa + em.Position(b) + em.Position(c)) / 3.0);
            area += ar;
        }
        if (area == 0 || normal.LengthSquared == 0) { return 0; }
        centre /= area;
        return Math.Abs(Vec3.Dot(normal.Normalized(), em.Position(v) - centre));
    }

    /// <summary>Smallest angle (radians) of the faces that would remain around w after moving v onto w.</summary>
    private static double FanQuality(EditableMesh em, int v, int w)
    {
        var min = double.PositiveInfinity;
        foreach (var f in em.FacesOf(v))
        {
            var (a, b, c) = em.Face(f);
            if (a == w || b == w || c == w) { continue; }
            var pa = a == v ? em.Position(w) : em.Position(a);
            var pb = b == v ? em.Position(w) : em.Position(b);
            var pc = c == v ? em.Position(w) : em.Position(c);
            min = Math.Min(min, MinAngle(pa, pb, pc));
        }
        return min;
    }

    private static double MinAngle(Vec3 a, Vec3 b, Vec3 c)
    {
        static double Angle(Vec3 p, Vec3 q, Vec3 r)
        {
            var u = q - p;
            var v = r - p;
            return Math.Atan2(Vec3.Cross(u, v).Length, Vec3.Dot(u, v));
        }
        return Math.Min(Angle(a, b, c), Math.Min(Angle(b, c, a), Angle(c, a, b)));
    }
}
