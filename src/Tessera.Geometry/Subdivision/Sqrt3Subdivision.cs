using System.Buffers;
using Tessera.Core.Errors;
using Tessera.Core.Progress;
using Tessera.Geometry.Topology;

namespace Tessera.Geometry.Subdivision;

/// <summary>
/// √3 subdivision (L. Kobbelt, SIGGRAPH 2000) with the boundary treatment of OpenMesh 9.0 <c>Sqrt3T</c> and
/// CGAL 5.5.1 <c>Sqrt3_subdivision</c>.
/// </summary>
/// <remarks>
/// Every step inserts a centroid per face, relaxes old interior vertices of valence n to
/// (1−α) v + α/n Σ neighbours with α = (4 − 2 cos(2π/n))/9, splits faces 1-to-3 and flips every old interior
/// edge. Boundary: in even steps of a call (the first, third, …) boundary vertices stay fixed and boundary faces
/// are split like the others; in odd steps each boundary edge (P2,P3) with boundary neighbours P1, P4 gets the
/// points (P1 + 16 P2 + 10 P3)/27 and (10 P2 + 16 P3 + P4)/27, its triangle is split into three without a centre
/// point, and boundary vertices move to (4 prev + 19 v + 4 next)/27. The step parity restarts with every call,
/// as in both reference libraries. A face with two boundary edges splits along the first one only (face order).
/// </remarks>
public static class Sqrt3Subdivision
{
    /// <summary>Subdivides a 2-manifold triangle mesh.</summary>
    /// <param name="mesh">The input (not modified).</param>
    /// <param name="iterations">Number of steps (≥ 0).</param>
    /// <param name="progress">Receives one report per finished step.</param>
    /// <param name="cancellationToken">Checked between steps.</param>
    /// <returns>A new mesh.</returns>
    /// <exception cref="TesseraArgumentException">The mesh is empty or not a 2-manifold, or
    /// <paramref name="iterations"/> is negative.</exception>
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
        SubdivisionBudget.Require(mesh, 3, iterations, maxFaces, "√3");
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
                current = Step(current, oddStep: i % 2 == 1, edges, cancellationToken);
            }
            progress?.Report(new ProgressReport("sqrt3", i + 1, iterations, null));
        }
        return current;
    }

    /// <summary>One step on the given edges (the oriented shortcut or the general path give the same edges).</summary>
    internal static TriangleMesh Step(TriangleMesh mesh, bool oddStep, SubdivisionEdges edges, CancellationToken cancellationToken = default)
    {
        var pos = mesh.Positions;
        var tri = mesh.TriangleArray;
        var nV = mesh.VertexCount;
        var nF = mesh.FaceCount;
        var nE = edges.EdgeCount;
        var edgeOf = edges.EdgeOfHalfedge;
        var first = edges.First;
        var second = edges.Second;
        var intPool = ArrayPool<int>.Shared;
        var boundaryNext = intPool.Rent(nV);
        var boundaryPrev = intPool.Rent(nV);
        var splitHalfedge = intPool.Rent(nF);
        var faceVertex = intPool.Rent(nF);
        var leftPoint = intPool.Rent(nF);
        var valence = intPool.Rent(nV);
        var sum = ArrayPool<Vec3>.Shared.Rent(nV);
        try
        {
            // Boundary neighbours and the split half-edge of each boundary face (odd steps).
            Array.Fill(boundaryNext, -1, 0, nV);
            Array.Fill(boundaryPrev, -1, 0, nV);
            Array.Fill(splitHalfedge, -1, 0, nF);
            var boundaryEdges = 0;
            for (var h = 0; h < 3 * nF; h++)
            {
                CancellationPoll.Every(h, cancellationToken);
                var e = edgeOf[h];
                if (e < 0 || second[e] >= 0) { continue; }
                boundaryEdges++;
                var from = tri[h];
                var to = tri[SubdivisionEdges.Next(h)];
                boundaryNext[from] = to;
                boundaryPrev[to] = from;
                var f = h / 3;
                if (oddStep && splitHalfedge[f] < 0) { splitHalfedge[f] = h; }
            }

            // Numbering of new vertices: centroids of unsplit faces, then two points per split boundary edge.
            var next = nV;
            for (var f = 0; f < nF; f++) { faceVertex[f] = splitHalfedge[f] < 0 ? next++ : -1; }
            for (var f = 0; f < nF; f++)
            {
                CancellationPoll.Every(f, cancellationToken);
                if (splitHalfedge[f] >= 0) { leftPoint[f] = next; next += 2; }
            }
            // Every entry is written below, so the outputs skip zeroing.
            var result = GC.AllocateUninitializedArray<Vec3>(next);

            // Old vertices.
            Array.Clear(sum, 0, nV);
            Array.Clear(valence, 0, nV);
            for (var e = 0; e < nE; e++)
            {
                CancellationPoll.Every(e, cancellationToken);
                var h0 = first[e];
                var p = tri[h0];
                var q = tri[SubdivisionEdges.Next(h0)];
                int a = Math.Min(p, q), b = Math.Max(p, q);
                sum[a] += pos[b];
                sum[b] += pos[a];
                valence[a]++;
                valence[b]++;
            }
            for (var v = 0; v < nV; v++)
            {
                CancellationPoll.Every(v, cancellationToken);
                if (boundaryNext[v] >= 0)
                {
                    result[v] = oddStep ? ((4.0 * (pos[boundaryPrev[v]] + pos[boundaryNext[v]])) + (19.0 * pos[v])) / 27.0 : pos[v];
                }
                else if (valence[v] > 0)
                {
                    var n = valence[v];
                    var alpha = (4.0 - (2.0 * Math.Cos(2.0 * Math.PI / n))) / 9.0;
                    result[v] = ((1.0 - alpha) * pos[v]) + (alpha / n * sum[v]);
                }
                else
                {
                    result[v] = pos[v];
                }
            }

            // New points.
            for (var f = 0; f < nF; f++)
            {
                CancellationPoll.Every(f, cancellationToken);
                if (faceVertex[f] >= 0)
                {
                    result[faceVertex[f]] = (pos[tri[3 * f]] + pos[tri[(3 * f) + 1]] + pos[tri[(3 * f) + 2]]) / 3.0;
                    continue;
                }
                var h = splitHalfedge[f];
                var p2 = tri[h];
                var p3 = tri[SubdivisionEdges.Next(h)];
                var p1 = pos[boundaryPrev[p2]];
                var p4 = pos[boundaryNext[p3]];
                result[leftPoint[f]] = (p1 + (16.0 * pos[p2]) + (10.0 * pos[p3])) / 27.0;
                result[leftPoint[f] + 1] = ((10.0 * pos[p2]) + (16.0 * pos[p3]) + p4) / 27.0;
            }

            // Faces: flipped pairs across old interior edges, plus what stays next to the boundary. Each interior
            // edge gives two faces, each boundary edge one (a split face's own boundary edge gives none, the face
            // gives its middle triangle instead).
            var faces = GC.AllocateUninitializedArray<int>(3 * ((2 * (nE - boundaryEdges)) + boundaryEdges));
            var o = 0;
            for (var e = 0; e < nE; e++)
            {
                CancellationPoll.Every(e, cancellationToken);
                var h0 = first[e];
                var h1 = second[e];
                if (h1 < 0)
                {
                    var f = h0 / 3;
                    if (faceVertex[f] >= 0)
                    {
                        faces[o] = tri[h0]; faces[o + 1] = tri[SubdivisionEdges.Next(h0)]; faces[o + 2] = faceVertex[f];
                        o += 3;
                    }
                    else if (splitHalfedge[f] != h0)
                    {
                        // A second boundary edge of a split face keeps its corner triangle.
                        faces[o] = tri[h0]; faces[o + 1] = tri[SubdivisionEdges.Next(h0)]; faces[o + 2] = Apex(splitHalfedge, faceVertex, leftPoint, h0);
                        o += 3;
                    }
                    continue;
                }
                var a = tri[h0];
                var b = tri[SubdivisionEdges.Next(h0)];
                var xf = Apex(splitHalfedge, faceVertex, leftPoint, h0);
                var xg = Apex(splitHalfedge, faceVertex, leftPoint, h1);
                faces[o] = a; faces[o + 1] = xg; faces[o + 2] = xf;
                faces[o + 3] = b; faces[o + 4] = xf; faces[o + 5] = xg;
                o += 6;
            }
            for (var f = 0; f < nF; f++)
            {
                CancellationPoll.Every(f, cancellationToken);
                var h = splitHalfedge[f];
                if (h < 0) { continue; }
                var apex = tri[SubdivisionEdges.Next(SubdivisionEdges.Next(h))];
                faces[o] = leftPoint[f]; faces[o + 1] = leftPoint[f] + 1; faces[o + 2] = apex;
                o += 3;
            }
            if (o != faces.Length) { throw new InvalidOperationException($"√3 step wrote {o / 3} faces, expected {faces.Length / 3}"); }
            return TriangleMesh.Own(result, faces);
        }
        finally
        {
            intPool.Return(boundaryNext);
            intPool.Return(boundaryPrev);
            intPool.Return(splitHalfedge);
            intPool.Return(faceVertex);
            intPool.Return(leftPoint);
            intPool.Return(valence);
            ArrayPool<Vec3>.Shared.Return(sum);
        }
    }

    /// <summary>The third vertex of the triangle that holds half-edge h after the 1-to-3 split of its face.</summary>
    private static int Apex(int[] splitHalfedge, int[] faceVertex, int[] leftPoint, int h)
    {
        var f = h / 3;
        if (faceVertex[f] >= 0) { return faceVertex[f]; }
        var hb = splitHalfedge[f];
        // Split face (P2, P3, P5) with boundary side P2→P3: P3→P5 lies in (pr, P3, P5), P5→P2 in (P2, pl, P5).
        return h == SubdivisionEdges.Next(hb) ? leftPoint[f] + 1 : leftPoint[f];
    }
}
