using Tessera.Core.Errors;

namespace Tessera.Geometry;

/// <summary>
/// An immutable indexed triangle mesh: vertex positions plus three vertex indices per face, with optional
/// per-vertex normals, colours and texture coordinates.
/// </summary>
/// <remarks>
/// Invariants checked at construction: the index array has a multiple of three entries, every index is in
/// range and every coordinate is finite. Faces with a repeated index ("index-degenerate") and unreferenced
/// vertices are allowed, because files contain them and topology analysis must report them; operators that
/// need a clean 2-manifold check for them (see <see cref="Topology.MeshValidator"/>). The mesh copies the
/// arrays it is given and never exposes them mutably, so it owns its memory.
/// </remarks>
public sealed class TriangleMesh
{
    private readonly Vec3[] _positions;
    private readonly int[] _triangles;
    private readonly Vec3[]? _normals;
    private readonly VertexColor[]? _colors;
    private readonly Vec2[]? _texCoords;

    /// <summary>Creates a mesh, copying the inputs.</summary>
    /// <param name="positions">Vertex positions.</param>
    /// <param name="triangles">Vertex indices, three per face, counter-clockwise seen from outside.</param>
    /// <param name="normals">Optional per-vertex normals (same length as positions).</param>
    /// <param name="colors">Optional per-vertex colours (same length as positions).</param>
    /// <param name="texCoords">Optional per-vertex texture coordinates (same length as positions).</param>
    /// <exception cref="TesseraArgumentException">An index is out of range, a coordinate is not finite, the index
    /// count is not a multiple of 3 or an attribute array has the wrong length.</exception>
    public TriangleMesh(ReadOnlySpan<Vec3> positions, ReadOnlySpan<int> triangles, ReadOnlySpan<Vec3> normals = default,
        ReadOnlySpan<VertexColor> colors = default, ReadOnlySpan<Vec2> texCoords = default)
        : this(positions.ToArray(), triangles.ToArray(), normals.IsEmpty ? null : normals.ToArray(),
            colors.IsEmpty ? null : colors.ToArray(), texCoords.IsEmpty ? null : texCoords.ToArray(), validate: true)
    {
    }

    /// <summary>Takes ownership of freshly built arrays (no copy).</summary>
    internal TriangleMesh(Vec3[] positions, int[] triangles, Vec3[]? normals, VertexColor[]? colors, Vec2[]? texCoords, bool validate)
    {
        _positions = positions;
        _triangles = triangles;
        _normals = normals;
        _colors = colors;
        _texCoords = texCoords;
        if (validate)
        {
            Validate();
        }
    }

    /// <summary>Wraps arrays built by Tessera's own operators (no copy; validation optional).</summary>
    internal static TriangleMesh Own(Vec3[] positions, int[] triangles, bool validate = false)
        => new(positions, triangles, null, null, null, validate);

    /// <summary>The index array itself (never mutated after construction), for kernels that keep a reference.</summary>
    internal int[] TriangleArray => _triangles;

    /// <summary>Number of vertex records (unreferenced ones included).</summary>
    public int VertexCount => _positions.Length;

    /// <summary>Number of faces (index-degenerate ones included).</summary>
    public int FaceCount => _triangles.Length / 3;

    /// <summary>Vertex positions.</summary>
    public ReadOnlySpan<Vec3> Positions => _positions;

    /// <summary>Vertex indices, three per face.</summary>
    public ReadOnlySpan<int> Triangles => _triangles;

    /// <summary>Per-vertex normals, or empty.</summary>
    public ReadOnlySpan<Vec3> Normals => _normals;

    /// <summary>Per-vertex colours, or empty.</summary>
    public ReadOnlySpan<VertexColor> Colors => _colors;

    /// <summary>Per-vertex texture coordinates, or empty.</summary>
    public ReadOnlySpan<Vec2> TexCoords => _texCoords;

    /// <summary>True when the mesh has per-vertex normals.</summary>
    public bool HasNormals => _normals is not null;

    /// <summary>True when the mesh has per-vertex colours.</summary>
    public bool HasColors => _colors is not null;

    /// <summary>True when the mesh has per-vertex texture coordinates.</summary>
    public bool HasTexCoords => _texCoords is not null;

    /// <summary>The three vertex indices of a face.</summary>
    /// <param name="face">Face index.</param>
    /// <returns>(a, b, c).</returns>
    public (int A, int B, int C) Face(int face)
    {
        Guard.That((uint)face < (uint)FaceCount, nameof(face), $"must lie in [0, {FaceCount}) (got {face})");
        return (_triangles[3 * face], _triangles[(3 * face) + 1], _triangles[(3 * face) + 2]);
    }

    /// <summary>Position of a vertex.</summary>
    /// <param name="vertex">Vertex index.</param>
    /// <returns>The position.</returns>
    public Vec3 Position(int vertex)
    {
        Guard.That((uint)vertex < (uint)VertexCount, nameof(vertex), $"must lie in [0, {VertexCount}) (got {vertex})");
        return _positions[vertex];
    }

    /// <summary>Returns a copy with new positions and the same faces (attributes dropped unless kept).</summary>
    /// <param name="positions">New positions, one per vertex.</param>
    /// <returns>The new mesh.</returns>
    /// <exception cref="TesseraArgumentException">Wrong count or a non-finite coordinate.</exception>
    public TriangleMesh WithPositions(ReadOnlySpan<Vec3> positions)
    {
        Guard.That(positions.Length == VertexCount, nameof(positions), $"must hold {VertexCount} positions (got {positions.Length})");
        return new TriangleMesh(positions.ToArray(), (int[])_triangles.Clone(), _normals, _colors, _texCoords, validate: true);
    }

    /// <summary>Axis-aligned bounds of the vertices used by faces (all vertices when no face exists).</summary>
    /// <returns>(min, max); both zero for an empty mesh.</returns>
    public (Vec3 Min, Vec3 Max) Bounds()
    {
        if (_positions.Length == 0) { return (Vec3.Zero, Vec3.Zero); }
        var min = new Vec3(double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity);
        var max = -min;
        if (_triangles.Length == 0)
        {
            foreach (var p in _positions) { min = Vec3.Min(min, p); max = Vec3.Max(max, p); }
            return (min, max);
        }
        foreach (var i in _triangles) { min = Vec3.Min(min, _positions[i]); max = Vec3.Max(max, _positions[i]); }
        return (min, max);
    }

    /// <summary>Length of the bounding-box diagonal of the referenced vertices.</summary>
    /// <returns>The diagonal.</returns>
    public double BoundingDiagonal()
    {
        var (min, max) = Bounds();
        return (max - min).Length;
    }

    /// <summary>Area of a face.</summary>
    /// <param name="face">Face index.</param>
    /// <returns>Half the length of the cross product of two sides.</returns>
    public double FaceArea(int face)
    {
        var (a, b, c) = Face(face);
        return 0.5 * Vec3.Cross(_positions[b] - _positions[a], _positions[c] - _positions[a]).Length;
    }

    /// <summary>Sum of the face areas.</summary>
    /// <returns>The surface area.</returns>
    public double Area()
    {
        double s = 0;
        for (var f = 0; f < FaceCount; f++) { s += FaceArea(f); }
        return s;
    }

    private void Validate()
    {
        Guard.That(_triangles.Length % 3 == 0, "triangles", $"length must be a multiple of 3 (got {_triangles.Length})");
        for (var i = 0; i < _positions.Length; i++)
        {
            Guard.That(_positions[i].IsFinite, "positions", $"vertex {i} has a non-finite coordinate {_positions[i]}");
        }
        for (var i = 0; i < _triangles.Length; i++)
        {
            var v = _triangles[i];
            Guard.That((uint)v < (uint)_positions.Length, "triangles",
                $"face {i / 3} refers to vertex {v}, outside [0, {_positions.Length})");
        }
        Guard.That(_normals is null || _normals.Length == _positions.Length, "normals", $"must hold one normal per vertex ({_positions.Length})");
        Guard.That(_colors is null || _colors.Length == _positions.Length, "colors", $"must hold one colour per vertex ({_positions.Length})");
        Guard.That(_texCoords is null || _texCoords.Length == _positions.Length, "texCoords", $"must hold one texture coordinate per vertex ({_positions.Length})");
    }
}
