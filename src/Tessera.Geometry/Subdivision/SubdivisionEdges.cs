using System.Buffers;
using Tessera.Geometry.Topology;

namespace Tessera.Geometry.Subdivision;

/// <summary>
/// The edges one subdivision step needs: per half-edge its edge, per edge its first and second half-edge, with the
/// numbering and half-edge order of <see cref="MeshConnectivity"/> (edges by first appearance, half-edges in
/// increasing order). Arrays come from <see cref="ArrayPool{T}.Shared"/> and go back on <see cref="Dispose"/>, so
/// repeated steps do not ask the garbage collector for fresh memory (on this project's VM a first touch of a fresh
/// 4 KiB page costs about 12 µs; see docs/benchmarks.md, Meshes).
/// </summary>
/// <remarks>
/// <see cref="For"/> first tries the shortcut for consistently oriented 2-manifolds (<see cref="TryBuild"/>: each
/// twin b→a looked up among b's outgoing half-edges). It gives up on anything else — no face, an index-degenerate face, an
/// edge with more than two half-edges, two half-edges of an edge running the same way, or (when validating) a vertex
/// whose faces are not a single fan — and then the general <see cref="MeshConnectivity"/> path runs, which accepts,
/// rejects and numbers exactly as before: the shortcut never changes what is accepted or what comes out.
/// </remarks>
internal sealed class SubdivisionEdges : IDisposable
{
    private int[]? _edgeOfHalfedge;
    private int[]? _first;
    private int[]? _second;

    private SubdivisionEdges(int[] edgeOfHalfedge, int[] first, int[] second, int edgeCount)
    {
        _edgeOfHalfedge = edgeOfHalfedge;
        _first = first;
        _second = second;
        EdgeCount = edgeCount;
    }

    /// <summary>Number of edges.</summary>
    public int EdgeCount { get; }

    /// <summary>Edge of each half-edge h = 3f + k (corner k to corner k+1 of face f); valid up to 3 × faces.</summary>
    public int[] EdgeOfHalfedge => _edgeOfHalfedge ?? throw new ObjectDisposedException(nameof(SubdivisionEdges));

    /// <summary>The smaller half-edge of each edge.</summary>
    public int[] First => _first ?? throw new ObjectDisposedException(nameof(SubdivisionEdges));

    /// <summary>The larger half-edge of each edge (its twin), or −1 on a boundary edge.</summary>
    public int[] Second => _second ?? throw new ObjectDisposedException(nameof(SubdivisionEdges));

    /// <summary>The edges of a mesh: the oriented shortcut when it applies, otherwise <see cref="MeshConnectivity"/> (with
    /// the manifold check of <see cref="MeshValidator.RequireManifoldFast"/> when <paramref name="validate"/>).</summary>
    /// <param name="mesh">The mesh.</param>
    /// <param name="validate">Reject meshes that are not 2-manifolds (first step of a call).</param>
    /// <param name="paramName">Name reported when the mesh is rejected.</param>
    /// <param name="cancellationToken">Polled every 65,536 elements.</param>
    /// <returns>The edges (dispose to return the arrays).</returns>
    public static SubdivisionEdges For(TriangleMesh mesh, bool validate, string paramName, CancellationToken cancellationToken)
        => TryBuild(mesh.TriangleArray, mesh.VertexCount, validate, cancellationToken)
           ?? FromConnectivity(validate ? MeshValidator.RequireManifoldFast(mesh, paramName) : new MeshConnectivity(mesh, cancellationToken));

    /// <summary>The general path: the edges of a <see cref="MeshConnectivity"/> (half-edges of index-degenerate faces
    /// map to edge −1; an edge keeps its first two half-edges).</summary>
    /// <param name="conn">The connectivity.</param>
    /// <returns>The edges.</returns>
    public static SubdivisionEdges FromConnectivity(MeshConnectivity conn)
    {
        var pool = ArrayPool<int>.Shared;
        var edgeOf = pool.Rent(Math.Max(conn.HalfedgeCount, 1));
        var first = pool.Rent(Math.Max(conn.EdgeCount, 1));
        var second = pool.Rent(Math.Max(conn.EdgeCount, 1));
        for (var h = 0; h < conn.HalfedgeCount; h++) { edgeOf[h] = conn.Edge(h); }
        for (var e = 0; e < conn.EdgeCount; e++)
        {
            var hs = conn.EdgeHalfedges(e);
            first[e] = hs[0];
            second[e] = hs.Length > 1 ? hs[1] : -1;
        }
        return new SubdivisionEdges(edgeOf, first, second, conn.EdgeCount);
    }

    /// <summary>The shortcut for consistently oriented 2-manifolds, or null when the mesh needs the general path.</summary>
    /// <param name="triangles">Three vertex indices per face.</param>
    /// <param name="vertexCount">Number of vertices.</param>
    /// <param name="validateFans">Also require every vertex to be a single fan (the manifold check of a first step).</param>
    /// <param name="cancellationToken">Polled every 65,536 elements.</param>
    public static SubdivisionEdges? TryBuild(int[] triangles, int vertexCount, bool validateFans, CancellationToken cancellationToken)
    {
        var hCount = triangles.Length;
        // A mesh without faces is the general path's to reject (RequireManifoldFast names the mesh).
        if (hCount == 0) { return null; }
        var pool = ArrayPool<int>.Shared;
        var start = pool.Rent(vertexCount + 1);
        var outgoing = pool.Rent(hCount);
        var edgeOf = pool.Rent(hCount);
        var first = pool.Rent(hCount);
        var second = pool.Rent(hCount);
        var ok = false;
        try
        {
            // Outgoing half-edges per vertex (counting sort by start vertex, half-edges in increasing order).
            var count = start.AsSpan(0, vertexCount + 1);
            count.Clear();
            for (var f = 0; f < hCount; f += 3)
            {
                CancellationPoll.Every(f, cancellationToken);
                int a = triangles[f], b = triangles[f + 1], c = triangles[f + 2];
                if (a == b || b == c || a == c) { return null; }
                count[a + 1]++;
                count[b + 1]++;
                count[c + 1]++;
            }
            for (var v = 0; v < vertexCount; v++) { count[v + 1] += count[v]; }
            // Fill moving each start forward, then shift back: start[v] ends where v's list begins.
            for (var h = 0; h < hCount; h++) { outgoing[count[triangles[h]]++] = h; }
            for (var v = vertexCount; v > 0; v--) { count[v] = count[v - 1]; }
            count[0] = 0;

            // Edges by first appearance; the twin of a→b is the b→a among b's outgoing half-edges.
            edgeOf.AsSpan(0, hCount).Fill(-1);
            var edges = 0;
            for (var h = 0; h < hCount; h++)
            {
                CancellationPoll.Every(h, cancellationToken);
                if (edgeOf[h] >= 0) { continue; }
                var a = triangles[h];
                var b = triangles[Next(h)];
                var twin = -1;
                for (int i = count[b], end = count[b + 1]; i < end; i++)
                {
                    var t = outgoing[i];
                    if (triangles[Next(t)] == a) { twin = t; break; }
                }
                if (twin >= 0)
                {
                    // Already paired: a third half-edge on the edge, or two running the same way.
                    if (edgeOf[twin] >= 0) { return null; }
                    edgeOf[twin] = edges;
                }
                else
                {
                    // Boundary edge: a second a→b would make two same-way half-edges on one edge.
                    for (int i = count[a], end = count[a + 1]; i < end; i++)
                    {
                        var t = outgoing[i];
                        if (t != h && triangles[Next(t)] == b) { return null; }
                    }
                }
                edgeOf[h] = edges;
                first[edges] = h;
                second[edges] = twin;
                edges++;
            }

            if (validateFans)
            {
                for (var v = 0; v < vertexCount; v++)
                {
                    CancellationPoll.Every(v, cancellationToken);
                    if (!SingleFan(v, count, outgoing, edgeOf, first, second)) { return null; }
                }
            }
            ok = true;
            return new SubdivisionEdges(edgeOf, first, second, edges);
        }
        finally
        {
            pool.Return(start);
            pool.Return(outgoing);
            if (!ok)
            {
                pool.Return(edgeOf);
                pool.Return(first);
                pool.Return(second);
            }
        }
    }

    /// <summary>Next half-edge in the same face (as <see cref="MeshConnectivity.Next"/>).</summary>
    /// <param name="h">Half-edge.</param>
    /// <returns>3f + (k+1) mod 3.</returns>
    public static int Next(int h) => h % 3 == 2 ? h - 2 : h + 1;

    /// <summary>Returns the arrays to the pool.</summary>
    public void Dispose()
    {
        var pool = ArrayPool<int>.Shared;
        if (_edgeOfHalfedge is { } e) { pool.Return(e); }
        if (_first is { } f) { pool.Return(f); }
        if (_second is { } s) { pool.Return(s); }
        _edgeOfHalfedge = _first = _second = null;
    }

    /// <summary>The faces around v form one fan: rotating from one corner across interior edges reaches all of them
    /// (the rule of <see cref="MeshConnectivity.IsManifoldVertex"/>, with every edge regular or boundary).</summary>
    private static bool SingleFan(int v, Span<int> start, int[] outgoing, int[] edgeOf, int[] first, int[] second)
    {
        var k = start[v + 1] - start[v];
        if (k == 0) { return true; }
        var h0 = outgoing[start[v]];
        var visited = 1;
        var h = h0;
        var closed = false;
        while (true)
        {
            // The previous half-edge of h's face ends at v; its twin leaves v.
            var t = Twin(Prev(h), edgeOf, first, second);
            if (t < 0) { break; }
            if (t == h0) { closed = true; break; }
            h = t;
            if (++visited > k) { return false; }
        }
        if (!closed)
        {
            h = h0;
            while (true)
            {
                var t = Twin(h, edgeOf, first, second);
                if (t < 0) { break; }
                h = Next(t);
                if (++visited > k) { return false; }
            }
        }
        return visited == k;
    }

    private static int Prev(int h) => h % 3 == 0 ? h + 2 : h - 1;

    private static int Twin(int h, int[] edgeOf, int[] first, int[] second)
    {
        var e = edgeOf[h];
        return first[e] == h ? second[e] : first[e];
    }
}
