using System.Buffers;
using Tessera.Core.Errors;
using Tessera.Core.Progress;
using Tessera.Geometry.Topology;

namespace Tessera.Geometry.Subdivision;

/// <summary>
/// Loop subdivision (C. Loop, 1987) with the boundary rules of OpenMesh 9.0 <c>LoopT</c> and CGAL 5.5.1
/// <c>Loop_subdivision</c>: each triangle splits into four.
/// </summary>
/// <remarks>
/// Interior edge (a,b) with opposite vertices c, d: 3/8 (a+b) + 1/8 (c+d); boundary edge: midpoint. Interior
/// vertex of valence n: (1−β) v + β/n Σ neighbours with β = 5/8 − (3/8 + 1/4 cos(2π/n))²; boundary vertex
/// (corners included, no crease rule): 1/8 prev + 6/8 v + 1/8 next. Old vertices keep their indices; edge point
/// k (edges numbered by first appearance) is vertex V + k. One step maps (V, E, F) of a closed mesh to
/// (V+E, 2E+3F, 4F). Unreferenced vertices are kept in place.
/// </remarks>
public static class LoopSubdivision
{
    /// <summary>Subdivides a 2-manifold triangle mesh.</summary>
    /// <param name="mesh">The input (not modified).</param>
    /// <param name="iterations">Number of steps (≥ 0).</param>
    /// <param name="progress">Receives one report per finished step.</param>
    /// <param name="cancellationToken">Checked between steps.</param>
    /// <returns>A new mesh.</returns>
    /// <exception cref="TesseraArgumentException">The mesh is empty or not a 2-manifold (the message lists the
    /// first offending edges or vertices), or <paramref name="iterations"/> is negative.</exception>
    public static TriangleMesh Apply(TriangleMesh mesh, int iterations = 1, IProgress<ProgressReport>? progress = null,
        CancellationToken cancellationToken = default)
        => Apply(mesh, iterations, SubdivisionBudget.DefaultMaxFaces, progress, cancellationToken);

    /// <summary>Subdivides a 2-manifold triangle mesh, refusing up front when the output would exceed <paramref name="maxFaces"/>.</summary>
    /// <param name="mesh">The input (not modified).</param>
    /// <param name="iterations">Number of steps (≥ 0).</param>
    /// <param name="maxFaces">Largest face count the output may have (checked before the first step).</param>
    /// <param name="progress">Receives one report per finished step.</param>
    /// <param name="cancellationToken">Checked between steps.</param>
    /// <returns>A new mesh.</returns>
    /// <exception cref="TesseraArgumentException">The mesh is not a 2-manifold, <paramref name="iterations"/> is negative, or the
    /// output would have more than <paramref name="maxFaces"/> faces (the message gives the estimate and the limit).</exception>
    public static TriangleMesh Apply(TriangleMesh mesh, int iterations, long maxFaces, IProgress<ProgressReport>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        Guard.That(iterations >= 0, nameof(iterations), $"must be >= 0 (got {iterations})");
        SubdivisionBudget.Require(mesh, 4, iterations, maxFaces, "Loop");
        if (iterations == 0)
        {
            MeshValidator.RequireManifoldFast(mesh, nameof(mesh));
            return mesh;
        }
        var current = mesh;
        for (var i = 0; i < iterations; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using (var edges = SubdivisionEdges.For(current, validate: i == 0, nameof(mesh), cancellationToken))
            {
                current = Step(current, edges, cancellationToken);
            }
            progress?.Report(new ProgressReport("loop", i + 1, iterations, null));
        }
        return current;
    }

    /// <summary>One step on the given edges (the oriented shortcut or the general path give the same edges).</summary>
    internal static TriangleMesh Step(TriangleMesh mesh, SubdivisionEdges edges, CancellationToken cancellationToken = default)
    {
        var pos = mesh.Positions;
        var tri = mesh.TriangleArray;
        var nV = mesh.VertexCount;
        var nE = edges.EdgeCount;
        var nF = mesh.FaceCount;
        var edgeOf = edges.EdgeOfHalfedge;
        var first = edges.First;
        var second = edges.Second;
        // Every entry is written below, so the outputs skip zeroing.
        var result = GC.AllocateUninitializedArray<Vec3>(nV + nE);
        var faces = GC.AllocateUninitializedArray<int>(12 * nF);

        var vecPool = ArrayPool<Vec3>.Shared;
        var intPool = ArrayPool<int>.Shared;
        var sum = vecPool.Rent(nV);
        var boundarySum = vecPool.Rent(nV);
        var valence = intPool.Rent(nV);
        var boundaryCount = intPool.Rent(nV);
        try
        {
            Array.Clear(sum, 0, nV);
            Array.Clear(boundarySum, 0, nV);
            Array.Clear(valence, 0, nV);
            Array.Clear(boundaryCount, 0, nV);
            for (var e = 0; e < nE; e++)
            {
                CancellationPoll.Every(e, cancellationToken);
                var h0 = first[e];
                var a = tri[h0];
                var b = tri[SubdivisionEdges.Next(h0)];
                sum[a] += pos[b];
                sum[b] += pos[a];
                valence[a]++;
                valence[b]++;
                var h1 = second[e];
                if (h1 < 0)
                {
                    result[nV + e] = 0.5 * (pos[a] + pos[b]);
                    boundarySum[a] += pos[b];
                    boundarySum[b] += pos[a];
                    boundaryCount[a]++;
                    boundaryCount[b]++;
                }
                else
                {
                    // The vertex opposite each half-edge is the third corner of its face.
                    var c = tri[SubdivisionEdges.Next(SubdivisionEdges.Next(h0))];
                    var d = tri[SubdivisionEdges.Next(SubdivisionEdges.Next(h1))];
                    result[nV + e] = (0.375 * (pos[a] + pos[b])) + (0.125 * (pos[c] + pos[d]));
                }
            }
            for (var v = 0; v < nV; v++)
            {
                CancellationPoll.Every(v, cancellationToken);
                if (boundaryCount[v] > 0)
                {
                    result[v] = (0.75 * pos[v]) + (0.125 * boundarySum[v]);
                }
                else if (valence[v] > 0)
                {
                    var n = valence[v];
                    var t = 0.375 + (0.25 * Math.Cos(2.0 * Math.PI / n));
                    var beta = 0.625 - (t * t);
                    result[v] = ((1.0 - beta) * pos[v]) + (beta / n * sum[v]);
                }
                else
                {
                    result[v] = pos[v];
                }
            }
        }
        finally
        {
            vecPool.Return(sum);
            vecPool.Return(boundarySum);
            intPool.Return(valence);
            intPool.Return(boundaryCount);
        }

        for (var f = 0; f < nF; f++)
        {
            CancellationPoll.Every(f, cancellationToken);
            var i = 3 * f;
            int a = tri[i], b = tri[i + 1], c = tri[i + 2];
            var m0 = nV + edgeOf[i];
            var m1 = nV + edgeOf[i + 1];
            var m2 = nV + edgeOf[i + 2];
            var o = 12 * f;
            faces[o] = a; faces[o + 1] = m0; faces[o + 2] = m2;
            faces[o + 3] = b; faces[o + 4] = m1; faces[o + 5] = m0;
            faces[o + 6] = c; faces[o + 7] = m2; faces[o + 8] = m1;
            faces[o + 9] = m0; faces[o + 10] = m1; faces[o + 11] = m2;
        }
        return TriangleMesh.Own(result, faces);
    }
}
