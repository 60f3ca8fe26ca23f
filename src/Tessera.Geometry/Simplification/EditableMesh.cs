namespace Tessera.Geometry.Simplification;

/// <summary>
/// The mutable kernel the decimation operators work on: triangles with deletion flags and per-vertex incident
/// face lists. It knows edits (edge collapse with its legality checks, vertex removal), not algorithms.
/// Invariants: a live face has three distinct live vertices; <c>_vertexFaces[v]</c> lists exactly the live faces
/// using v.
/// </summary>
internal sealed class EditableMesh : ICollapseView
{
    private readonly Vec3[] _pos;
    private readonly int[] _tri;
    private readonly bool[] _faceDead;
    private readonly List<int>[] _vertexFaces;
    private readonly List<int> _scratchA = [];
    private readonly List<int> _scratchB = [];

    public EditableMesh(TriangleMesh mesh)
    {
        _pos = mesh.Positions.ToArray();
        _tri = mesh.Triangles.ToArray();
        _faceDead = new bool[mesh.FaceCount];
        _vertexFaces = new List<int>[mesh.VertexCount];
        var valence = new int[mesh.VertexCount];
        foreach (var v in _tri) { valence[v]++; }
        for (var v = 0; v < _vertexFaces.Length; v++) { _vertexFaces[v] = new List<int>(valence[v]); }
        for (var f = 0; f < mesh.FaceCount; f++)
        {
            for (var k = 0; k < 3; k++) { _vertexFaces[_tri[(3 * f) + k]].Add(f); }
        }
        LiveFaces = mesh.FaceCount;
    }

    public int VertexCount => _pos.Length;

    public int FaceSlots => _faceDead.Length;

    public int LiveFaces { get; private set; }

    public Vec3 Position(int vertex) => _pos[vertex];

    public void SetPosition(int vertex, Vec3 p) => _pos[vertex] = p;

    public bool IsFaceLive(int face) => !_faceDead[face];

    public (int A, int B, int C) Face(int face) => (_tri[3 * face], _tri[(3 * face) + 1], _tri[(3 * face) + 2]);

    public List<int> FacesOf(int vertex) => _vertexFaces[vertex];

    public void IncidentFaces(int vertex, List<(int A, int B, int C)> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        into.Clear();
        foreach (var f in _vertexFaces[vertex]) { into.Add(Face(f)); }
    }

    /// <summary>Distinct neighbours of a vertex (into a caller-owned list).</summary>
    public void Neighbors(int v, List<int> into)
    {
        into.Clear();
        foreach (var f in _vertexFaces[v])
        {
            for (var k = 0; k < 3; k++)
            {
                var w = _tri[(3 * f) + k];
                if (w != v && !into.Contains(w)) { into.Add(w); }
            }
        }
    }

    /// <summary>Number of live faces that contain both u and v.</summary>
    public int EdgeFaceCount(int u, int v)
    {
        var n = 0;
        foreach (var f in _vertexFaces[u])
        {
            if (_tri[3 * f] == v || _tri[(3 * f) + 1] == v || _tri[(3 * f) + 2] == v) { n++; }
        }
        return n;
    }

    public bool IsBoundary(int vertex)
    {
        // A vertex is on the boundary if some neighbour shares exactly one face with it.
        var faces = _vertexFaces[vertex];
        foreach (var f in faces)
        {
            for (var k = 0; k < 3; k++)
            {
                var w = _tri[(3 * f) + k];
                if (w != vertex && EdgeFaceCount(vertex, w) == 1) { return true; }
            }
        }
        return false;
    }

    /// <summary>Checks whether collapsing u into v keeps the mesh a 2-manifold of the same topology.</summary>
    public CollapseResult CanCollapse(int u, int v)
    {
        var shared = EdgeFaceCount(u, v);
        if (shared == 0) { return CollapseResult.NotAnEdge; }
        if (shared > 2) { return CollapseResult.LinkCondition; }
        Neighbors(u, _scratchA);
        Neighbors(v, _scratchB);
        var common = 0;
        foreach (var w in _scratchA)
        {
            if (_scratchB.Contains(w)) { common++; }
        }
        if (common != shared) { return CollapseResult.LinkCondition; }
        if (shared == 2 && IsBoundary(u) && IsBoundary(v)) { return CollapseResult.BoundaryPinch; }
        // Opposite vertices must keep valence >= 3 (interior) so no doubled face appears.
        foreach (var f in _vertexFaces[u])
        {
            var (a, b, c) = Face(f);
            if (a != v && b != v && c != v) { continue; }
            var o = a != u && a != v ? a : b != u && b != v ? b : c;
            if (_vertexFaces[o].Count <= (IsBoundary(o) ? 1 : 3)) { return CollapseResult.Degenerate; }
        }
        if (shared == 1 && _vertexFaces[u].Count == 1 && _vertexFaces[v].Count == 1) { return CollapseResult.Degenerate; }
        return CollapseResult.Ok;
    }

    /// <summary>Merges u into v (v moves to <paramref name="target"/>); the caller checked <see cref="CanCollapse"/>.</summary>
    public void Collapse(int u, int v, Vec3 target)
    {
        foreach (var f in _vertexFaces[u])
        {
            var o = 3 * f;
            if (_tri[o] == v || _tri[o + 1] == v || _tri[o + 2] == v)
            {
                _faceDead[f] = true;
                LiveFaces--;
                for (var k = 0; k < 3; k++)
                {
                    var w = _tri[o + k];
                    if (w != u) { _vertexFaces[w].Remove(f); }
                }
            }
            else
            {
                for (var k = 0; k < 3; k++)
                {
                    if (_tri[o + k] == u) { _tri[o + k] = v; }
                }
                _vertexFaces[v].Add(f);
            }
        }
        _vertexFaces[u].Clear();
        _pos[v] = target;
    }

    /// <summary>Every live edge once, as (smaller, larger) vertex pairs, in face order.</summary>
    public List<(int U, int V)> LiveEdges()
    {
        var seen = new HashSet<(int, int)>();
        var edges = new List<(int U, int V)>();
        for (var f = 0; f < _faceDead.Length; f++)
        {
            if (_faceDead[f]) { continue; }
            for (var k = 0; k < 3; k++)
            {
                var a = _tri[(3 * f) + k];
                var b = _tri[(3 * f) + ((k + 1) % 3)];
                var e = a < b ? (a, b) : (b, a);
                if (seen.Add(e)) { edges.Add(e); }
            }
        }
        return edges;
    }

    /// <summary>Whether the interior edge (u, v) can be flipped: two faces, and their opposite vertices distinct and
    /// not yet joined (so the flip makes no doubled edge and leaves u and v with valence ≥ 3).</summary>
    public bool CanFlip(int u, int v)
    {
        if (!TryEdgeFaces(u, v, out _, out var a, out _, out var b)) { return false; }
        if (a == b) { return false; }
        Neighbors(a, _scratchA);
        return !_scratchA.Contains(b);
    }

    /// <summary>Replaces edge (u, v) by the other diagonal of its two faces, keeping their orientation; returns the
    /// new edge's vertices. Flipping the returned edge restores the previous connectivity.</summary>
    public (int A, int B) Flip(int u, int v)
    {
        if (!TryEdgeFaces(u, v, out var f1, out var a, out var f2, out var b))
        {
            throw new InvalidOperationException($"({u}, {v}) is not an interior edge");
        }
        // f1 = (u, v, a) and f2 = (v, u, b) around the quad u → b → v → a; the new faces are (a, u, b), (b, v, a).
        SetFace(f1, a, u, b);
        SetFace(f2, b, v, a);
        _vertexFaces[v].Remove(f1);
        _vertexFaces[u].Remove(f2);
        _vertexFaces[a].Add(f2);
        _vertexFaces[b].Add(f1);
        return (a, b);
    }

    private void SetFace(int f, int a, int b, int c)
    {
        _tri[3 * f] = a;
        _tri[(3 * f) + 1] = b;
        _tri[(3 * f) + 2] = c;
    }

    /// <summary>The face holding the directed edge u → v with its third vertex, and the one holding v → u.</summary>
    private bool TryEdgeFaces(int u, int v, out int f1, out int a, out int f2, out int b)
    {
        f1 = f2 = a = b = -1;
        var count = 0;
        foreach (var f in _vertexFaces[u])
        {
            for (var k = 0; k < 3; k++)
            {
                if (_tri[(3 * f) + k] != u) { continue; }
                var next = _tri[(3 * f) + ((k + 1) % 3)];
                var prev = _tri[(3 * f) + ((k + 2) % 3)];
                if (next == v) { f1 = f; a = prev; count++; }
                else if (prev == v) { f2 = f; b = next; count++; }
            }
        }
        return count == 2 && f1 >= 0 && f2 >= 0;
    }

    /// <summary>The live mesh, vertices compacted in their original order (unreferenced ones dropped).</summary>
    public TriangleMesh ToMesh()
    {
        var newIndex = new int[_pos.Length];
        Array.Fill(newIndex, -1);
        var faces = new List<int>(3 * LiveFaces);
        for (var f = 0; f < _faceDead.Length; f++)
        {
            if (_faceDead[f]) { continue; }
            for (var k = 0; k < 3; k++) { newIndex[_tri[(3 * f) + k]] = 0; }
        }
        var positions = new List<Vec3>();
        for (var v = 0; v < _pos.Length; v++)
        {
            if (newIndex[v] < 0) { continue; }
            newIndex[v] = positions.Count;
            positions.Add(_pos[v]);
        }
        for (var f = 0; f < _faceDead.Length; f++)
        {
            if (_faceDead[f]) { continue; }
            for (var k = 0; k < 3; k++) { faces.Add(newIndex[_tri[(3 * f) + k]]); }
        }
        return TriangleMesh.Own([.. positions], [.. faces]);
    }
}
