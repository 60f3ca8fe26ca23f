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
/// the target or before the first collapse costing more than <see cref="QemOptions.MaxError"/>. Compared with
/// OpenMesh 9.0 ModQuadric (half-edge collapses) in <c>shared/fixtures/mesh/simplification</c>.
/// </remarks>
public static class QemSimplification
{
    /// <summary>Simplifies a mesh.</summary>
    /// <param name="mesh">A 2-manifold triangle mesh (not modified).</param>
    /// <param name="options">Target and policy.</param>
    /// <param name="progress">Receives (faces removed, faces to remove) reports.</param>
    /// <param name="cancellationToken">Checked periodically.</param>
    /// <returns>The simplified mesh (unreferenced vertices dropped, order of the others kept).</returns>
    /// <exception cref="TesseraArgumentException">The mesh is not a 2-manifold, or the options are invalid.</exception>
    public static TriangleMesh Apply(TriangleMesh mesh, QemOptions options, IProgress<ProgressReport>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var conn = MeshValidator.RequireManifoldFast(mesh, nameof(mesh));
        var em = new EditableMesh(mesh);
        var quadrics = InitialQuadrics(mesh, options);
        // Built-in guards only veto (checked when a collapse is about to happen); the caller's criteria add costs
        // that order the queue (checked when an edge is queued and again when it is popped) or veto.
        var guards = new List<ICollapseCriterion> { new NormalFlipCriterion(options.MaxNormalChangeDegrees) };
        if (options.PreserveBoundary) { guards.Add(new BoundaryLockCriterion()); }
        var extra = options.Criteria;

        var nV = mesh.VertexCount;
        var version = new int[nV];
        var blocked = new bool[nV];
        var queue = new PriorityQueue<(int U, int V, int SU, int SV), double>(3 * mesh.FaceCount);
        var neighbors = new List<int>();
        for (var e = 0; e < conn.EdgeCount; e++)
        {
            var (a, b) = conn.EdgeVertices(e);
            Push(queue, quadrics, em, options, extra, a, b, version, blocked);
        }
        var start = em.LiveFaces;
        var toRemove = Math.Max(1, start - options.TargetFaces);
        var steps = 0;
        while (queue.Count > 0 && (options.TargetFaces == 0 || em.LiveFaces > options.TargetFaces))
        {
            if ((++steps & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(new ProgressReport("simplify", start - em.LiveFaces, toRemove, null));
            }
            queue.TryDequeue(out var e, out var cost);
            if (version[e.U] != e.SU || version[e.V] != e.SV) { continue; }
            var c = Evaluate(quadrics, em, options, e.U, e.V);
            var total = c.QuadricError + ExtraCost(extra, em, c);
            if (double.IsPositiveInfinity(total))
            {
                blocked[e.U] = blocked[e.V] = true;
                continue;
            }
            if (total > cost + (1e-12 * Math.Abs(cost)))
            {
                // a criterion's cost rose since the edge was queued (its neighbourhood changed): queue it again
                queue.Enqueue((e.U, e.V, e.SU, e.SV), total);
                continue;
            }
            if (total > options.MaxError) { break; }
            if (em.CanCollapse(c.Remove, c.Keep) != CollapseResult.Ok || Vetoed(guards, em, c))
            {
                blocked[e.U] = blocked[e.V] = true;
                continue;
            }
            em.Collapse(c.Remove, c.Keep, c.Target);
            quadrics[c.Keep].Add(quadrics[c.Remove]);
            version[c.Remove]++;
            version[c.Keep]++;
            em.Neighbors(c.Keep, neighbors);
            foreach (var w in neighbors)
            {
                Push(queue, quadrics, em, options, extra, c.Keep, w, version, blocked);
            }
            foreach (var w in neighbors.ToArray())
            {
                if (!blocked[w]) { continue; }
                blocked[w] = false;
                em.Neighbors(w, neighbors);
                foreach (var x in neighbors)
                {
                    if (x != c.Keep) { Push(queue, quadrics, em, options, extra, w, x, version, blocked); }
                }
            }
        }
        progress?.Report(new ProgressReport("simplify", start - em.LiveFaces, toRemove, null));
        return em.ToMesh();
    }

    private static bool Vetoed(List<ICollapseCriterion> criteria, EditableMesh em, CollapseCandidate c)
    {
        foreach (var cr in criteria)
        {
            if (double.IsPositiveInfinity(cr.Score(em, c))) { return true; }
        }
        return false;
    }

    /// <summary>Sum of the caller's criteria costs, <see cref="double.PositiveInfinity"/> when one vetoes.</summary>
    private static double ExtraCost(IReadOnlyList<ICollapseCriterion> criteria, EditableMesh em, CollapseCandidate c)
    {
        var sum = 0.0;
        foreach (var cr in criteria)
        {
            var s = cr.Score(em, c);
            if (double.IsPositiveInfinity(s)) { return double.PositiveInfinity; }
            Guard.That(s >= 0, nameof(QemOptions.Criteria), $"{cr.GetType().Name} returned the cost {s}; costs must be >= 0 or +infinity (veto)");
            sum += s;
        }
        return sum;
    }

    private static void Push(PriorityQueue<(int, int, int, int), double> queue, Quadric[] quadrics, EditableMesh em, QemOptions options,
        IReadOnlyList<ICollapseCriterion> extra, int u, int v, int[] version, bool[] blocked)
    {
        var c = Evaluate(quadrics, em, options, u, v);
        var total = extra.Count == 0 ? c.QuadricError : c.QuadricError + ExtraCost(extra, em, c);
        if (double.IsPositiveInfinity(total))
        {
            // vetoed for now; queued again when a collapse next to u or v changes their neighbourhood
            blocked[u] = blocked[v] = true;
            return;
        }
        queue.Enqueue((u, v, version[u], version[v]), total);
    }

    /// <summary>The cheapest placement for edge (u, v): the quadric minimiser if well defined, else the best of
    /// the endpoints and the midpoint. With half-edge placement, the better endpoint.</summary>
    private static CollapseCandidate Evaluate(Quadric[] quadrics, EditableMesh em, QemOptions options, int u, int v)
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
