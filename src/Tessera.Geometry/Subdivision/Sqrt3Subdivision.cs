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
        MeshConnectivity? conn = MeshValidator.RequireManifoldFast(mesh, nameof(mesh));
        var current = mesh;
        for (var i = 0; i < iterations; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            current = Step(current, oddStep: i % 2 == 1, conn, cancellationToken);
            conn = null;
            progress?.Report(new ProgressReport("sqrt3", i + 1, iterations, null));
        }
        return current;
    }

    internal static TriangleMesh Step(TriangleMesh mesh, bool oddStep, MeshConnectivity? connectivity = null, CancellationToken cancellationToken = default)
    {
        var conn = connectivity ?? new MeshConnectivity(mesh, cancellationToken);
        var pos = mesh.Positions;
        var tri = mesh.Triangles;
        var nV = mesh.VertexCount;
        var nF = mesh.FaceCount;

        // Boundary neighbours and the split half-edge of each boundary face (odd steps).
        var boundaryNext = new int[nV];
        var boundaryPrev = new int[nV];
        Array.Fill(boundaryNext, -1);
        Array.Fill(boundaryPrev, -1);
        var splitHalfedge = new int[nF];
        Array.Fill(splitHalfedge, -1);
        for (var h = 0; h < conn.HalfedgeCount; h++)
        {
            CancellationPoll.Every(h, cancellationToken);
            if (conn.Twin(h) != -1) { continue; }
            boundaryNext[conn.From(h)] = conn.To(h);
            boundaryPrev[conn.To(h)] = conn.From(h);
            var f = MeshConnectivity.Face(h);
            if (oddStep && splitHalfedge[f] < 0) { splitHalfedge[f] = h; }
        }

        // Numbering of new vertices: centroids of unsplit faces, then two points per split boundary edge.
        var faceVertex = new int[nF];
        var next = nV;
        for (var f = 0; f < nF; f++) { faceVertex[f] = splitHalfedge[f] < 0 ? next++ : -1; }
        var leftPoint = new int[nF];
        for (var f = 0; f < nF; f++)
        {
            CancellationPoll.Every(f, cancellationToken);
            if (splitHalfedge[f] >= 0) { leftPoint[f] = next; next += 2; }
        }
        var result = new Vec3[next];

        // Old vertices.
        var sum = new Vec3[nV];
        var valence = new int[nV];
        for (var e = 0; e < conn.EdgeCount; e++)
        {
            CancellationPoll.Every(e, cancellationToken);
            var (a, b) = conn.EdgeVertices(e);
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
            var p2 = conn.From(h);
            var p3 = conn.To(h);
            var p1 = pos[boundaryPrev[p2]];
            var p4 = pos[boundaryNext[p3]];
            result[leftPoint[f]] = (p1 + (16.0 * pos[p2]) + (10.0 * pos[p3])) / 27.0;
            result[leftPoint[f] + 1] = ((10.0 * pos[p2]) + (16.0 * pos[p3]) + p4) / 27.0;
        }

        // Faces: flipped pairs across old interior edges, plus what stays next to the boundary.
        var faces = new List<int>(9 * nF);
        for (var e = 0; e < conn.EdgeCount; e++)
        {
            CancellationPoll.Every(e, cancellationToken);
            var hs = conn.EdgeHalfedges(e);
            if (hs.Length == 1)
            {
                var h = hs[0];
                var f = MeshConnectivity.Face(h);
                if (faceVertex[f] >= 0)
                {
                    faces.Add(conn.From(h)); faces.Add(conn.To(h)); faces.Add(faceVertex[f]);
                }
                else if (splitHalfedge[f] != h)
                {
                    // A second boundary edge of a split face keeps its corner triangle.
                    faces.Add(conn.From(h)); faces.Add(conn.To(h)); faces.Add(Apex(conn, splitHalfedge, faceVertex, leftPoint, h));
                }
                continue;
            }
            var h0 = hs[0];
            var h1 = hs[1];
            var a = conn.From(h0);
            var b = conn.To(h0);
            var xf = Apex(conn, splitHalfedge, faceVertex, leftPoint, h0);
            var xg = Apex(conn, splitHalfedge, faceVertex, leftPoint, h1);
            faces.Add(a); faces.Add(xg); faces.Add(xf);
            faces.Add(b); faces.Add(xf); faces.Add(xg);
        }
        for (var f = 0; f < nF; f++)
        {
            CancellationPoll.Every(f, cancellationToken);
            var h = splitHalfedge[f];
            if (h < 0) { continue; }
            var apex = conn.To(MeshConnectivity.Next(h));
            faces.Add(leftPoint[f]); faces.Add(leftPoint[f] + 1); faces.Add(apex);
        }
        return TriangleMesh.Own(result, [.. faces]);
    }

    /// <summary>The third vertex of the triangle that holds half-edge h after the 1-to-3 split of its face.</summary>
    private static int Apex(MeshConnectivity conn, int[] splitHalfedge, int[] faceVertex, int[] leftPoint, int h)
    {
        var f = MeshConnectivity.Face(h);
        if (faceVertex[f] >= 0) { return faceVertex[f]; }
        var hb = splitHalfedge[f];
        // Split face (P2, P3, P5) with boundary side P2→P3: P3→P5 lies in (pr, P3, P5), P5→P2 in (P2, pl, P5).
        return h == MeshConnectivity.Next(hb) ? leftPoint[f] + 1 : leftPoint[f];
    }
}
