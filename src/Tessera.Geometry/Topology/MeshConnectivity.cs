namespace Tessera.Geometry.Topology;

/// <summary>
/// Edge and half-edge connectivity of a <see cref="TriangleMesh"/>, built in O(n) (counting sort of the
/// half-edges by their smaller endpoint, no hashing, no comparison sort).
/// </summary>
/// <remarks>
/// Half-edge <c>h = 3f + k</c> runs from corner k of face f to corner k+1 (mod 3), so <see cref="Next"/>,
/// <see cref="Prev"/>, <see cref="Face"/> are arithmetic and need no storage. Each undirected edge lists its
/// half-edges (one for a boundary edge, two for a regular edge, more for a singular edge); <see cref="Twin"/>
/// is defined for regular edges only. Edges are numbered in order of first appearance (faces in order, sides
/// (a,b), (b,c), (c,a)) — the order OpenMesh and CGAL number the edge points of a Loop step. Index-degenerate
/// faces (a repeated index) contribute no edges. Storage: two ints per half-edge, one per edge end and one per
/// corner, below twice the indexed mesh.
/// </remarks>
public sealed class MeshConnectivity
{
    private readonly int[] _triangles;
    private readonly int[] _edgeOfHalfedge;
    private readonly int[] _edgeStart;
    private readonly int[] _edgeHalfedges;
    private readonly int[] _vertexStart;
    private readonly int[] _vertexHalfedges;

    /// <summary>Builds the connectivity of a mesh.</summary>
    /// <param name="mesh">The mesh.</param>
    /// <param name="cancellationToken">Checked while building (a mesh of millions of faces takes a while).</param>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public MeshConnectivity(TriangleMesh mesh, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        _triangles = mesh.TriangleArray;
        VertexCount = mesh.VertexCount;
        var hCount = _triangles.Length;
        var nV = VertexCount;

        // Bucket half-edges of index-valid faces by their smaller endpoint.
        var bucketStart = new int[nV + 1];
        for (var h = 0; h < hCount; h++)
        {
            CancellationPoll.Every(h, cancellationToken);
            if (IsValidFace(h / 3)) { bucketStart[Math.Min(From(h), To(h)) + 1]++; }
        }
        for (var v = 0; v < nV; v++) { bucketStart[v + 1] += bucketStart[v]; }
        var bucket = new int[bucketStart[nV]];
        var fill = (int[])bucketStart.Clone();
        for (var h = 0; h < hCount; h++)
        {
            CancellationPoll.Every(h, cancellationToken);
            if (IsValidFace(h / 3)) { bucket[fill[Math.Min(From(h), To(h))]++] = h; }
        }

        // Within a bucket, group by the larger endpoint with a stamped scratch table.
        _edgeOfHalfedge = new int[hCount];
        Array.Fill(_edgeOfHalfedge, -1);
        var stampOwner = new int[nV];
        Array.Fill(stampOwner, -1);
        var stampEdge = new int[nV];
        var provisional = 0;
        for (var lo = 0; lo < nV; lo++)
        {
            CancellationPoll.Every(lo, cancellationToken);
            for (var i = bucketStart[lo]; i < bucketStart[lo + 1]; i++)
            {
                var h = bucket[i];
                var hi = Math.Max(From(h), To(h));
                if (stampOwner[hi] != lo)
                {
                    stampOwner[hi] = lo;
                    stampEdge[hi] = provisional++;
                }
                _edgeOfHalfedge[h] = stampEdge[hi];
            }
        }

        // Renumber edges by first appearance.
        var renumber = new int[provisional];
        Array.Fill(renumber, -1);
        var next = 0;
        for (var h = 0; h < hCount; h++)
        {
            CancellationPoll.Every(h, cancellationToken);
            var e = _edgeOfHalfedge[h];
            if (e < 0) { continue; }
            if (renumber[e] < 0) { renumber[e] = next++; }
            _edgeOfHalfedge[h] = renumber[e];
        }
        EdgeCount = next;

        _edgeStart = new int[EdgeCount + 1];
        for (var h = 0; h < hCount; h++)
        {
            CancellationPoll.Every(h, cancellationToken);
            if (_edgeOfHalfedge[h] >= 0) { _edgeStart[_edgeOfHalfedge[h] + 1]++; }
        }
        for (var e = 0; e < EdgeCount; e++) { _edgeStart[e + 1] += _edgeStart[e]; }
        _edgeHalfedges = new int[_edgeStart[EdgeCount]];
        var efill = (int[])_edgeStart.Clone();
        for (var h = 0; h < hCount; h++)
        {
            CancellationPoll.Every(h, cancellationToken);
            if (_edgeOfHalfedge[h] >= 0) { _edgeHalfedges[efill[_edgeOfHalfedge[h]]++] = h; }
        }

        // Outgoing half-edges (corners) per vertex.
        _vertexStart = new int[nV + 1];
        for (var h = 0; h < hCount; h++)
        {
            CancellationPoll.Every(h, cancellationToken);
            if (_edgeOfHalfedge[h] >= 0) { _vertexStart[From(h) + 1]++; }
        }
        for (var v = 0; v < nV; v++) { _vertexStart[v + 1] += _vertexStart[v]; }
        _vertexHalfedges = new int[_vertexStart[nV]];
        var vfill = (int[])_vertexStart.Clone();
        for (var h = 0; h < hCount; h++)
        {
            CancellationPoll.Every(h, cancellationToken);
            if (_edgeOfHalfedge[h] >= 0) { _vertexHalfedges[vfill[From(h)]++] = h; }
        }
    }

    /// <summary>Bytes held by this structure (the shared index array not counted).</summary>
    public long StorageBytes => 4L * (_edgeOfHalfedge.Length + _edgeStart.Length + _edgeHalfedges.Length + _vertexStart.Length + _vertexHalfedges.Length);

    /// <summary>Number of vertex records.</summary>
    public int VertexCount { get; }

    /// <summary>Number of faces (index-degenerate ones included).</summary>
    public int FaceCount => _triangles.Length / 3;

    /// <summary>Number of half-edges (3 per face).</summary>
    public int HalfedgeCount => _triangles.Length;

    /// <summary>Number of distinct undirected edges of index-valid faces.</summary>
    public int EdgeCount { get; }

    /// <summary>True when the face's three indices are pairwise distinct.</summary>
    /// <param name="face">Face index.</param>
    /// <returns>Whether the face contributes edges.</returns>
    public bool IsValidFace(int face)
    {
        var a = _triangles[3 * face];
        var b = _triangles[(3 * face) + 1];
        var c = _triangles[(3 * face) + 2];
        return a != b && b != c && a != c;
    }

    /// <summary>Start vertex of a half-edge.</summary>
    /// <param name="halfedge">Half-edge index.</param>
    /// <returns>The vertex.</returns>
    public int From(int halfedge) => _triangles[halfedge];

    /// <summary>End vertex of a half-edge.</summary>
    /// <param name="halfedge">Half-edge index.</param>
    /// <returns>The vertex.</returns>
    public int To(int halfedge) => _triangles[Next(halfedge)];

    /// <summary>Next half-edge in the same face.</summary>
    /// <param name="halfedge">Half-edge index.</param>
    /// <returns>The next half-edge.</returns>
    public static int Next(int halfedge) => halfedge % 3 == 2 ? halfedge - 2 : halfedge + 1;

    /// <summary>Previous half-edge in the same face.</summary>
    /// <param name="halfedge">Half-edge index.</param>
    /// <returns>The previous half-edge.</returns>
    public static int Prev(int halfedge) => halfedge % 3 == 0 ? halfedge + 2 : halfedge - 1;

    /// <summary>Face of a half-edge.</summary>
    /// <param name="halfedge">Half-edge index.</param>
    /// <returns>The face.</returns>
    public static int Face(int halfedge) => halfedge / 3;

    /// <summary>Edge of a half-edge, or −1 for half-edges of index-degenerate faces.</summary>
    /// <param name="halfedge">Half-edge index.</param>
    /// <returns>The edge.</returns>
    public int Edge(int halfedge) => _edgeOfHalfedge[halfedge];

    /// <summary>Half-edges of an edge, in increasing order.</summary>
    /// <param name="edge">Edge index.</param>
    /// <returns>The half-edges.</returns>
    public ReadOnlySpan<int> EdgeHalfedges(int edge) => _edgeHalfedges.AsSpan(_edgeStart[edge], _edgeStart[edge + 1] - _edgeStart[edge]);

    /// <summary>Number of faces incident to an edge.</summary>
    /// <param name="edge">Edge index.</param>
    /// <returns>1 boundary, 2 regular, more singular.</returns>
    public int EdgeFaceCount(int edge) => _edgeStart[edge + 1] - _edgeStart[edge];

    /// <summary>The endpoints of an edge as (smaller, larger) vertex index.</summary>
    /// <param name="edge">Edge index.</param>
    /// <returns>The endpoints.</returns>
    public (int Lo, int Hi) EdgeVertices(int edge)
    {
        var h = _edgeHalfedges[_edgeStart[edge]];
        var a = From(h);
        var b = To(h);
        return a < b ? (a, b) : (b, a);
    }

    /// <summary>The opposite half-edge of a regular edge; −1 on a boundary edge, −2 on a singular edge or a
    /// degenerate face.</summary>
    /// <param name="halfedge">Half-edge index.</param>
    /// <returns>The twin or a negative code.</returns>
    public int Twin(int halfedge)
    {
        var e = _edgeOfHalfedge[halfedge];
        if (e < 0) { return -2; }
        var n = _edgeStart[e + 1] - _edgeStart[e];
        if (n == 1) { return -1; }
        if (n > 2) { return -2; }
        var first = _edgeHalfedges[_edgeStart[e]];
        return first == halfedge ? _edgeHalfedges[_edgeStart[e] + 1] : first;
    }

    /// <summary>Half-edges leaving a vertex (one per incident index-valid face).</summary>
    /// <param name="vertex">Vertex index.</param>
    /// <returns>The half-edges.</returns>
    public ReadOnlySpan<int> Outgoing(int vertex) => _vertexHalfedges.AsSpan(_vertexStart[vertex], _vertexStart[vertex + 1] - _vertexStart[vertex]);

    /// <summary>
    /// True when the faces around a vertex form a single fan (a disk or half-disk) and none of its edges is
    /// singular: rotating from one corner across regular edges reaches every corner of the vertex.
    /// </summary>
    /// <param name="vertex">Vertex index.</param>
    /// <returns>Whether the vertex is manifold (isolated vertices count as manifold).</returns>
    public bool IsManifoldVertex(int vertex)
    {
        var outgoing = Outgoing(vertex);
        if (outgoing.Length == 0) { return true; }
        var h0 = outgoing[0];
        var visited = 1;
        // Rotate one way: the previous half-edge of h's face ends at v; its twin leaves v.
        var h = h0;
        var closed = false;
        while (true)
        {
            var t = Twin(Prev(h));
            if (t == -2) { return false; }
            if (t < 0) { break; }
            if (t == h0) { closed = true; break; }
            h = t;
            if (++visited > outgoing.Length) { return false; }
        }
        if (!closed)
        {
            h = h0;
            while (true)
            {
                var t = Twin(h);
                if (t == -2) { return false; }
                if (t < 0) { break; }
                h = Next(t);
                if (++visited > outgoing.Length) { return false; }
            }
        }
        return visited == outgoing.Length;
    }

    /// <summary>True when the edge has exactly one incident face.</summary>
    /// <param name="edge">Edge index.</param>
    /// <returns>Whether the edge is on the boundary.</returns>
    public bool IsBoundaryEdge(int edge) => EdgeFaceCount(edge) == 1;
}
