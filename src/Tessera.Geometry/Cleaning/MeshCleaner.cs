using Tessera.Core.Errors;
using Tessera.Geometry.Topology;

namespace Tessera.Geometry.Cleaning;

/// <summary>
/// Repairs common defects: welds duplicate vertices, drops index-degenerate, zero-area and duplicate faces,
/// drops unreferenced vertices and orients faces consistently where possible. The steps run in that order
/// (the recipe of <c>shared/fixtures/mesh/README.md</c>, "Dirty mesh"). The input is not modified.
/// </summary>
public static class MeshCleaner
{
    /// <summary>Cleans a mesh.</summary>
    /// <param name="mesh">The mesh.</param>
    /// <param name="options">Steps and tolerances (defaults: see <see cref="CleanOptions"/>).</param>
    /// <returns>The cleaned mesh and what changed. Per-vertex attributes follow their vertices.</returns>
    /// <exception cref="TesseraArgumentException">A tolerance is negative or not finite.</exception>
    public static (TriangleMesh Mesh, CleanReport Report) Clean(TriangleMesh mesh, CleanOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        options ??= new CleanOptions();
        Guard.That(double.IsFinite(options.WeldTolerance) && options.WeldTolerance >= 0, "options.WeldTolerance", "must be finite and >= 0");
        Guard.That(double.IsFinite(options.ZeroAreaTolerance), "options.ZeroAreaTolerance", "must be finite");
        var pos = mesh.Positions;
        var nV = mesh.VertexCount;

        var rep = Weld(pos, options.WeldTolerance);
        var welded = 0;
        for (var v = 0; v < nV; v++) { if (rep[v] != v) { welded++; } }

        var (bmin, bmax) = mesh.Bounds();
        var limit = options.ZeroAreaTolerance * (bmax - bmin).LengthSquared;
        var faces = new List<int>(mesh.Triangles.Length);
        int degenerate = 0, zero = 0, duplicate = 0;
        var seen = new HashSet<(int, int, int)>();
        var tri = mesh.Triangles;
        for (var i = 0; i < tri.Length; i += 3)
        {
            int a = rep[tri[i]], b = rep[tri[i + 1]], c = rep[tri[i + 2]];
            if (a == b || b == c || a == c) { degenerate++; continue; }
            if (options.ZeroAreaTolerance >= 0 && 0.5 * Vec3.Cross(pos[b] - pos[a], pos[c] - pos[a]).Length <= limit) { zero++; continue; }
            if (options.DropDuplicateFaces)
            {
                Span<int> k = [a, b, c];
                k.Sort();
                if (!seen.Add((k[0], k[1], k[2]))) { duplicate++; continue; }
            }
            faces.Add(a);
            faces.Add(b);
            faces.Add(c);
        }

        // Keep vertices that survive welding (and, if asked, that are referenced), in their original order.
        var keep = new bool[nV];
        if (options.DropUnreferencedVertices)
        {
            foreach (var v in faces) { keep[v] = true; }
        }
        else
        {
            for (var v = 0; v < nV; v++) { keep[v] = rep[v] == v; }
        }
        var newIndex = new int[nV];
        var count = 0;
        for (var v = 0; v < nV; v++) { newIndex[v] = keep[v] ? count++ : -1; }
        var unreferenced = nV - welded - count;
        var newPos = new Vec3[count];
        var newNormals = mesh.HasNormals ? new Vec3[count] : null;
        var newColors = mesh.HasColors ? new VertexColor[count] : null;
        var newTex = mesh.HasTexCoords ? new Vec2[count] : null;
        for (var v = 0; v < nV; v++)
        {
            if (newIndex[v] < 0) { continue; }
            newPos[newIndex[v]] = pos[v];
            if (newNormals is not null) { newNormals[newIndex[v]] = mesh.Normals[v]; }
            if (newColors is not null) { newColors[newIndex[v]] = mesh.Colors[v]; }
            if (newTex is not null) { newTex[newIndex[v]] = mesh.TexCoords[v]; }
        }
        var newTri = faces.Select(v => newIndex[v]).ToArray();
        var flipped = options.OrientConsistently ? Orient(newPos, newTri) : 0;
        var result = new TriangleMesh(newPos, newTri, newNormals, newColors, newTex, validate: false);
        return (result, new CleanReport(welded, degenerate, zero, duplicate, unreferenced, flipped));
    }

    /// <summary>Representative of each vertex: the lowest-index kept vertex within the tolerance.</summary>
    private static int[] Weld(ReadOnlySpan<Vec3> pos, double tol)
    {
        var n = pos.Length;
        var rep = new int[n];
        if (tol == 0)
        {
            var first = new Dictionary<(long, long, long), int>(n);
            for (var v = 0; v < n; v++)
            {
                var p = pos[v];
                var key = (BitConverter.DoubleToInt64Bits(p.X + 0.0), BitConverter.DoubleToInt64Bits(p.Y + 0.0), BitConverter.DoubleToInt64Bits(p.Z + 0.0));
                rep[v] = first.TryGetValue(key, out var r) ? r : v;
                if (rep[v] == v) { first.Add(key, v); }
            }
            return rep;
        }
        var grid = new Dictionary<(long, long, long), List<int>>();
        var tol2 = tol * tol;
        for (var v = 0; v < n; v++)
        {
            var p = pos[v];
            var cx = (long)Math.Floor(p.X / tol);
            var cy = (long)Math.Floor(p.Y / tol);
            var cz = (long)Math.Floor(p.Z / tol);
            var best = v;
            for (var dx = -1; dx <= 1; dx++)
            {
                for (var dy = -1; dy <= 1; dy++)
                {
                    for (var dz = -1; dz <= 1; dz++)
                    {
                        if (!grid.TryGetValue((cx + dx, cy + dy, cz + dz), out var list)) { continue; }
                        foreach (var r in list)
                        {
                            if (r < best && (pos[r] - p).LengthSquared <= tol2) { best = r; }
                        }
                    }
                }
            }
            rep[v] = best;
            if (best == v)
            {
                if (!grid.TryGetValue((cx, cy, cz), out var cell)) { cell = []; grid.Add((cx, cy, cz), cell); }
                cell.Add(v);
            }
        }
        return rep;
    }

    /// <summary>Breadth-first orientation propagation across regular edges; returns the number of flipped faces.</summary>
    private static int Orient(Vec3[] pos, int[] tri)
    {
        var mesh = TriangleMesh.Own(pos, tri);
        var conn = new MeshConnectivity(mesh);
        var nF = tri.Length / 3;
        var state = new sbyte[nF]; // 0 unvisited, 1 keep, -1 flip
        var queue = new Queue<int>();
        for (var f0 = 0; f0 < nF; f0++)
        {
            if (state[f0] != 0) { continue; }
            state[f0] = 1;
            queue.Enqueue(f0);
            while (queue.Count > 0)
            {
                var f = queue.Dequeue();
                for (var k = 0; k < 3; k++)
                {
                    var h = (3 * f) + k;
                    var t = conn.Twin(h);
                    if (t < 0) { continue; }
                    var g = MeshConnectivity.Face(t);
                    if (state[g] != 0) { continue; }
                    var sameDirection = conn.From(t) == conn.From(h);
                    state[g] = (sbyte)(sameDirection ? -state[f] : state[f]);
                    queue.Enqueue(g);
                }
            }
        }
        var flipped = 0;
        for (var f = 0; f < nF; f++)
        {
            if (state[f] < 0)
            {
                (tri[(3 * f) + 1], tri[(3 * f) + 2]) = (tri[(3 * f) + 2], tri[(3 * f) + 1]);
                flipped++;
            }
        }
        return flipped;
    }
}
