using Tessera.Core.Errors;

namespace Tessera.Geometry.Simplification;

/// <summary>
/// Vertex clustering (Rossignac–Borrel 1993) with quadric representatives (Lindstrom 2000): vertices are merged
/// per cell of a uniform grid, each cluster is placed at the minimiser of its summed face quadrics (the mean of
/// its vertices when the quadric is singular), and faces that collapse or repeat are dropped. Fast (one pass)
/// but not topology preserving: it can close holes, merge components and create non-manifold edges.
/// </summary>
public static class VertexClustering
{
    private const double MaxCellsPerAxis = 1L << 40;

    /// <summary>Clusters a mesh on a grid.</summary>
    /// <param name="mesh">The mesh (not modified).</param>
    /// <param name="cellSize">Edge length of a grid cell (&gt; 0).</param>
    /// <returns>The clustered mesh.</returns>
    /// <exception cref="TesseraArgumentException"><paramref name="cellSize"/> is not positive and finite, or so small that the grid would need more than 2^40 cells per axis.</exception>
    public static TriangleMesh Apply(TriangleMesh mesh, double cellSize)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        Guard.That(double.IsFinite(cellSize) && cellSize > 0, nameof(cellSize), $"must be positive and finite (got {cellSize})");
        var (min, max) = mesh.Bounds();
        var extent = Math.Max(max.X - min.X, Math.Max(max.Y - min.Y, max.Z - min.Z));
        var cellsPerAxis = extent / cellSize;
        // cell indices must stay exact integers: past 2^40 cells per axis (or an infinite quotient) every vertex would
        // land in one saturated cell and the result would silently be empty
        Guard.That(mesh.VertexCount == 0 || cellsPerAxis <= MaxCellsPerAxis, nameof(cellSize),
            $"is too small for the mesh's extent {extent.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}: the grid would need {cellsPerAxis.ToString("G3", System.Globalization.CultureInfo.InvariantCulture)} cells per axis, more than 2^40");
        var pos = mesh.Positions;
        var tri = mesh.Triangles;
        var cellOf = new Dictionary<(long, long, long), int>();
        var cluster = new int[mesh.VertexCount];
        var sums = new List<Vec3>();
        var counts = new List<int>();
        for (var v = 0; v < mesh.VertexCount; v++)
        {
            var d = (pos[v] - min) / cellSize;
            var key = ((long)Math.Floor(d.X), (long)Math.Floor(d.Y), (long)Math.Floor(d.Z));
            if (!cellOf.TryGetValue(key, out var c))
            {
                c = sums.Count;
                cellOf.Add(key, c);
                sums.Add(Vec3.Zero);
                counts.Add(0);
            }
            cluster[v] = c;
            sums[c] += pos[v];
            counts[c]++;
        }
        var quadrics = new Quadric[sums.Count];
        for (var i = 0; i < tri.Length; i += 3)
        {
            var a = pos[tri[i]];
            var n = Vec3.Cross(pos[tri[i + 1]] - a, pos[tri[i + 2]] - a);
            var len = n.Length;
            if (len == 0) { continue; }
            var q = Quadric.FromPlane(n / len, a, 0.5 * len);
            quadrics[cluster[tri[i]]].Add(q);
            quadrics[cluster[tri[i + 1]]].Add(q);
            quadrics[cluster[tri[i + 2]]].Add(q);
        }
        var faces = new List<int>();
        var seen = new HashSet<(int, int, int)>();
        for (var i = 0; i < tri.Length; i += 3)
        {
            int a = cluster[tri[i]], b = cluster[tri[i + 1]], c = cluster[tri[i + 2]];
            if (a == b || b == c || a == c) { continue; }
            Span<int> k = [a, b, c];
            k.Sort();
            if (!seen.Add((k[0], k[1], k[2]))) { continue; }
            faces.Add(a); faces.Add(b); faces.Add(c);
        }
        // Compact clusters used by faces, in first-cluster order.
        var newIndex = new int[sums.Count];
        Array.Fill(newIndex, -1);
        foreach (var c in faces) { newIndex[c] = 0; }
        var positions = new List<Vec3>();
        for (var c = 0; c < sums.Count; c++)
        {
            if (newIndex[c] < 0) { continue; }
            newIndex[c] = positions.Count;
            var mean = sums[c] / counts[c];
            var placed = mean;
            if (quadrics[c].TryOptimal(out var opt) && (opt - mean).Length <= cellSize) { placed = opt; }
            positions.Add(placed);
        }
        return TriangleMesh.Own([.. positions], [.. faces.Select(c => newIndex[c])]);
    }
}
