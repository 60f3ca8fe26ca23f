using Tessera.Core.Errors;
using Tessera.Core.Progress;
using Tessera.Geometry.Topology;

namespace Tessera.Geometry.Simplification;

/// <summary>
/// Quadric error metric edge-collapse simplification (M. Garland, P. Heckbert, "Surface Simplification Using
/// Quadric Error Metrics", SIGGRAPH 1997), topology preserving.
/// </summary>
/// <remarks>
/// Each vertex accumulates the plane quadrics of its faces (unit or area weights) plus constraint planes along
/// boundary edges. Edges are collapsed cheapest first (lazy priority queue); a collapse is only performed when
/// it keeps a 2-manifold of the same topology (link condition, no pinched boundary, no doubled faces), flips no
/// face (<see cref="NormalFlipCriterion"/>) and passes the optional criteria. Stops at the first face count ≤
/// the target or before the first collapse costing more than <see cref="QemOptions.MaxError"/>. When the normal
/// guard blocks the target, it goes on down to the smallest face count the topology allows (see
/// <see cref="QemOptions.RelaxNormalGuard"/> and <see cref="QemResult"/>). Compared with
/// OpenMesh 9.0 ModQuadric (half-edge collapses) in <c>shared/fixtures/mesh/simplification</c>.
/// </remarks>
public static class QemSimplification
{
    /// <summary>Simplifies a mesh.</summary>
    /// <param name="mesh">A 2-manifold triangle mesh (not modified).</param>
    /// <param name="options">Target and policy.</param>
    /// <param name="progress">Receives (faces removed, faces to remove) reports.</param>
    /// <param name="cancellationToken">Checked periodically.</param>
    /// <returns>The simplified mesh (unreferenced vertices dropped, order of the others kept); see
    /// <see cref="Simplify"/> for whether the target was reached.</returns>
    /// <exception cref="TesseraArgumentException">The mesh is not a 2-manifold, or the options are invalid.</exception>
    public static TriangleMesh Apply(TriangleMesh mesh, QemOptions options, IProgress<ProgressReport>? progress = null,
        CancellationToken cancellationToken = default)
        => Simplify(mesh, options, progress, cancellationToken).Mesh;

    /// <summary>Simplifies a mesh and reports whether the target was reached and, if not, why.</summary>
    /// <param name="mesh">A 2-manifold triangle mesh (not modified).</param>
    /// <param name="options">Target and policy.</param>
    /// <param name="progress">Receives (faces removed, faces to remove) reports.</param>
    /// <param name="cancellationToken">Checked periodically.</param>
    /// <returns>The simplified mesh with the stop reason, the topological minimum and the relaxed steps taken.</returns>
    /// <exception cref="TesseraArgumentException">The mesh is not a 2-manifold, or the options are invalid.</exception>
    public static QemResult Simplify(TriangleMesh mesh, QemOptions options, IProgress<ProgressReport>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var conn = MeshValidator.RequireManifoldFast(mesh, nameof(mesh));
        var closed = true;
        for (var h = 0; h < conn.HalfedgeCount && closed; h++) { closed = conn.Twin(h) != -1; }
        var run = new QemRun(mesh, InitialQuadrics(mesh, options), options, progress, cancellationToken);
        for (var e = 0; e < conn.EdgeCount; e++)
        {
            var (a, b) = conn.EdgeVertices(e);
            run.Push(a, b);
        }
        return run.Execute(closed);
    }

    /// <summary>The cheapest placement for edge (u, v): the quadric minimiser if well defined, else the best of
    /// the endpoints and the midpoint. With half-edge placement, the better endpoint.</summary>
    internal static CollapseCandidate Evaluate(Quadric[] quadrics, EditableMesh em, QemOptions options, int u, int v)
    {
        var q = Quadric.Sum(quadrics[u], quadrics[v]);
        var pu = em.Position(u);
        var pv = em.Position(v);
        var eu = q.Evaluate(pu);
        var ev = q.Evaluate(pv);
        // Keep the vertex whose position is cheaper (for half-edge collapses) or, with optimal placement, keep v
        // unless u is a boundary vertex and v is not (so locked/boundary vertices survive).
        var keep = v;
        var remove = u;
        var target = pv;
        var err = ev;
        if (eu < ev) { keep = u; remove = v; target = pu; err = eu; }
        if (options.OptimalPlacement)
        {
            if (q.TryOptimal(out var opt))
            {
                var eo = q.Evaluate(opt);
                if (eo <= err) { target = opt; err = eo; }
            }
            else
            {
                var mid = 0.5 * (pu + pv);
                var em2 = q.Evaluate(mid);
                if (em2 < err) { target = mid; err = em2; }
            }
        }
        return new CollapseCandidate(keep, remove, target, err);
    }

    private static Quadric[] InitialQuadrics(TriangleMesh mesh, QemOptions options)
    {
        var q = new Quadric[mesh.VertexCount];
        var pos = mesh.Positions;
        var tri = mesh.Triangles;
        for (var i = 0; i < tri.Length; i += 3)
        {
            var a = pos[tri[i]];
            var b = pos[tri[i + 1]];
            var c = pos[tri[i + 2]];
            var n = Vec3.Cross(b - a, c - a);
            var len = n.Length;
            if (len == 0) { continue; }
            var w = options.AreaWeighted ? 0.5 * len : 1.0;
            var fq = Quadric.FromPlane(n / len, a, w);
            q[tri[i]].Add(fq);
            q[tri[i + 1]].Add(fq);
            q[tri[i + 2]].Add(fq);
        }
        if (options.BoundaryWeight > 0)
        {
            var conn = new MeshConnectivity(mesh);
            for (var h = 0; h < conn.HalfedgeCount; h++)
            {
                if (conn.Twin(h) != -1) { continue; }
                var f = MeshConnectivity.Face(h);
                var a = pos[conn.From(h)];
                var b = pos[conn.To(h)];
                var c = pos[tri[(3 * f) + ((h % 3) + 2) % 3]];
                var fn = Vec3.Cross(b - a, c - a).Normalized();
                var m = Vec3.Cross(b - a, fn);
                var ml = m.Length;
                if (ml == 0) { continue; }
                var bq = Quadric.FromPlane(m / ml, a, options.BoundaryWeight * (b - a).LengthSquared);
                q[conn.From(h)].Add(bq);
                q[conn.To(h)].Add(bq);
            }
        }
        return q;
    }
}
