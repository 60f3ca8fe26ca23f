using System.Globalization;
using Tessera.Core.Errors;

namespace Tessera.Geometry.Topology;

/// <summary>
/// Checks the invariants an operator or a test relies on, and throws a typed error that lists the first
/// offending elements.
/// </summary>
public static class MeshValidator
{
    /// <summary>
    /// Checks that a mesh is a clean, consistently oriented 2-manifold (boundary allowed): no index-degenerate
    /// faces, no singular edges, no bow-tie vertices, every regular edge traversed in opposite directions.
    /// Run after every topology-changing operation in tests.
    /// </summary>
    /// <param name="mesh">The mesh.</param>
    /// <param name="paramName">Name reported in the exception.</param>
    /// <returns>The mesh's topology report (so callers can check more facts).</returns>
    /// <exception cref="TesseraArgumentException">The mesh breaks an invariant; the message lists the first
    /// offending edges or vertices.</exception>
    public static TopologyReport Check(TriangleMesh mesh, string paramName = "mesh")
    {
        ArgumentNullException.ThrowIfNull(mesh);
        var report = RequireManifold(mesh, paramName);
        Guard.That(report.ConsistentlyOriented, paramName, "faces are not consistently oriented (a regular edge is traversed twice in the same direction)");
        return report;
    }

    /// <summary>Checks that a mesh is a 2-manifold without index-degenerate faces (orientation not checked).</summary>
    /// <param name="mesh">The mesh.</param>
    /// <param name="paramName">Name reported in the exception.</param>
    /// <returns>The topology report.</returns>
    /// <exception cref="TesseraArgumentException">The mesh is empty, non-manifold or has degenerate faces.</exception>
    public static TopologyReport RequireManifold(TriangleMesh mesh, string paramName = "mesh")
    {
        ArgumentNullException.ThrowIfNull(mesh);
        Guard.That(mesh.FaceCount > 0, paramName, "must have at least one face");
        var report = TopologyAnalyzer.Analyze(mesh);
        ThrowUnlessManifold(report, paramName);
        return report;
    }

    /// <summary>Fast O(n) check used by operators: no index-degenerate face, no singular edge, every vertex a single
    /// fan. Builds the connectivity once and returns it for the operator to reuse.</summary>
    /// <param name="mesh">The mesh.</param>
    /// <param name="paramName">Name reported in the exception.</param>
    /// <returns>The connectivity.</returns>
    /// <exception cref="TesseraArgumentException">As <see cref="RequireManifold"/>.</exception>
    public static MeshConnectivity RequireManifoldFast(TriangleMesh mesh, string paramName = "mesh")
    {
        ArgumentNullException.ThrowIfNull(mesh);
        Guard.That(mesh.FaceCount > 0, paramName, "must have at least one face");
        var conn = new MeshConnectivity(mesh);
        var ok = true;
        for (var f = 0; f < conn.FaceCount && ok; f++) { ok = conn.IsValidFace(f); }
        for (var e = 0; e < conn.EdgeCount && ok; e++) { ok = conn.EdgeFaceCount(e) <= 2; }
        for (var v = 0; v < conn.VertexCount && ok; v++) { ok = conn.IsManifoldVertex(v); }
        if (!ok)
        {
            // Slow path for a precise message.
            RequireManifold(mesh, paramName);
        }
        return conn;
    }

    private static void ThrowUnlessManifold(TopologyReport report, string paramName)
    {
        Guard.That(report.IndexDegenerateFaces == 0, paramName,
            $"has {report.IndexDegenerateFaces} index-degenerate face(s) (a repeated vertex index); run MeshCleaner first");
        if (!report.Manifold)
        {
            var inv = CultureInfo.InvariantCulture;
            var edges = string.Join(", ", report.FirstSingularEdges.Select(e => string.Create(inv, $"{e.A}-{e.B}")));
            var verts = string.Join(", ", report.FirstNonManifoldVertices.Select(v => v.ToString(inv)));
            var detail = report.SingularEdges > 0
                ? string.Create(inv, $"{report.SingularEdges} singular edge(s) (first: {edges}); non-manifold vertices: {verts}")
                : string.Create(inv, $"{report.NonManifoldVertices} non-manifold vertex/vertices (first: {verts})");
            throw new TesseraArgumentException(paramName, $"must be a 2-manifold: {detail}");
        }
    }
}
