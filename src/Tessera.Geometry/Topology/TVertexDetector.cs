using Tessera.Core.Errors;

namespace Tessera.Geometry.Topology;

/// <summary>A T-vertex: <see cref="Vertex"/> lies inside the edge (<see cref="EdgeStart"/>, <see cref="EdgeEnd"/>) of a face that does not use it.</summary>
/// <param name="Vertex">The vertex lying on the edge.</param>
/// <param name="EdgeStart">Smaller endpoint index of the edge.</param>
/// <param name="EdgeEnd">Larger endpoint index of the edge.</param>
public readonly record struct TVertex(int Vertex, int EdgeStart, int EdgeEnd);

/// <summary>
/// Finds T-vertices (T-junctions): referenced vertices that lie strictly inside an edge of the mesh without being
/// one of its endpoints — the typical crack left by meshes stitched without splitting the neighbouring edge.
/// Edges are bucketed in a uniform grid over the bounding box, so the search is near-linear for ordinary meshes.
/// </summary>
public static class TVertexDetector
{
    /// <summary>Lists the T-vertices of a mesh, ordered by vertex then edge.</summary>
    /// <param name="mesh">The mesh (not modified).</param>
    /// <param name="relativeTolerance">Distance from the edge, as a fraction of the bounding-box diagonal, within which a
    /// vertex counts as lying on it; also keeps that margin from both endpoints. Default 1e-9.</param>
    /// <returns>One entry per (vertex, edge) pair.</returns>
    /// <exception cref="TesseraArgumentException"><paramref name="relativeTolerance"/> is negative or not finite.</exception>
    public static IReadOnlyList<TVertex> Find(TriangleMesh mesh, double relativeTolerance = 1e-9)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        Guard.That(double.IsFinite(relativeTolerance) && relativeTolerance >= 0, nameof(relativeTolerance),
            $"must be a finite value ≥ 0 (got {relativeTolerance})");
        var positions = mesh.Positions;
        var triangles = mesh.Triangles;
        if (triangles.Length == 0) { return []; }

        var referenced = new bool[positions.Length];
        foreach (var v in triangles) { referenced[v] = true; }
        var min = new Vec3(double.MaxValue, double.MaxValue, double.MaxValue);
        var max = new Vec3(double.MinValue, double.MinValue, double.MinValue);
        for (var v = 0; v < positions.Length; v++)
        {
            if (!referenced[v]) { continue; }
            min = Vec3.Min(min, positions[v]);
            max = Vec3.Max(max, positions[v]);
        }
        var diagonal = (max - min).Length;
        var tol = Math.Max(relativeTolerance * diagonal, 1e-300);

        var edges = new HashSet<(int, int)>();
        for (var f = 0; f < triangles.Length; f += 3)
        {
            for (var k = 0; k < 3; k++)
            {
                int a = triangles[f + k], b = triangles[f + ((k + 1) % 3)];
                if (a != b) { edges.Add(a < b ? (a, b) : (b, a)); }
            }
        }

        // Uniform grid over the box with about one cell per referenced vertex.
        var cellsPerAxis = Math.Clamp((int)Math.Ceiling(Math.Cbrt(Math.Max(1, positions.Length))), 1, 256);
        var size = max - min;
        double Cell(double value, double lo, double extent) => extent <= 0 ? 0 : Math.Clamp((value - lo) / extent * cellsPerAxis, 0, cellsPerAxis - 1);
        var grid = new Dictionary<(int, int, int), List<int>>();
        for (var v = 0; v < positions.Length; v++)
        {
            if (!referenced[v]) { continue; }
            var p = positions[v];
            var key = ((int)Cell(p.X, min.X, size.X), (int)Cell(p.Y, min.Y, size.Y), (int)Cell(p.Z, min.Z, size.Z));
            if (!grid.TryGetValue(key, out var list)) { grid[key] = list = []; }
            list.Add(v);
        }

        var found = new List<TVertex>();
        foreach (var (a, b) in edges)
        {
            var pa = positions[a];
            var pb = positions[b];
            var lo = Vec3.Min(pa, pb) - new Vec3(tol, tol, tol);
            var hi = Vec3.Max(pa, pb) + new Vec3(tol, tol, tol);
            int x0 = (int)Cell(lo.X, min.X, size.X), x1 = (int)Cell(hi.X, min.X, size.X);
            int y0 = (int)Cell(lo.Y, min.Y, size.Y), y1 = (int)Cell(hi.Y, min.Y, size.Y);
            int z0 = (int)Cell(lo.Z, min.Z, size.Z), z1 = (int)Cell(hi.Z, min.Z, size.Z);
            var d = pb - pa;
            var length2 = d.LengthSquared;
            if (length2 <= tol * tol) { continue; }
            for (var x = x0; x <= x1; x++)
            {
                for (var y = y0; y <= y1; y++)
                {
                    for (var z = z0; z <= z1; z++)
                    {
                        if (!grid.TryGetValue((x, y, z), out var candidates)) { continue; }
                        foreach (var v in candidates)
                        {
                            if (v == a || v == b) { continue; }
                            var t = Vec3.Dot(positions[v] - pa, d) / length2;
                            var along = t * Math.Sqrt(length2);
                            if (along <= tol || along >= Math.Sqrt(length2) - tol) { continue; }
                            var closest = pa + (d * t);
                            if ((positions[v] - closest).LengthSquared <= tol * tol)
                            {
                                found.Add(new TVertex(v, a, b));
                            }
                        }
                    }
                }
            }
        }
        found.Sort((p, q) => p.Vertex != q.Vertex ? p.Vertex.CompareTo(q.Vertex)
            : p.EdgeStart != q.EdgeStart ? p.EdgeStart.CompareTo(q.EdgeStart) : p.EdgeEnd.CompareTo(q.EdgeEnd));
        return found;
    }
}
