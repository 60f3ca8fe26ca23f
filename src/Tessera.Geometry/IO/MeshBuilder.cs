using Tessera.Geometry.Triangulation;

namespace Tessera.Geometry.IO;

/// <summary>Collects vertices and faces while reading a file; polygons are triangulated on the way in.</summary>
internal sealed class MeshBuilder
{
    public List<Vec3> Positions { get; } = [];
    public List<int> Triangles { get; } = [];

    /// <summary>Adds a face with any number of corners (≥ 3): triangles as is, polygons by ear clipping in the
    /// polygon's best-fit plane (Newell normal), falling back to a fan if the projection is not simple.</summary>
    public void AddPolygon(ReadOnlySpan<int> corners)
    {
        if (corners.Length == 3)
        {
            Triangles.Add(corners[0]);
            Triangles.Add(corners[1]);
            Triangles.Add(corners[2]);
            return;
        }
        var idx = corners.ToArray();
        foreach (var t in PolygonFaceTriangulator.Triangulate(Positions, idx))
        {
            Triangles.Add(idx[t]);
        }
    }

    public TriangleMesh Build(Vec3[]? normals = null, VertexColor[]? colors = null, Vec2[]? texCoords = null)
        => new([.. Positions], [.. Triangles], normals, colors, texCoords, validate: true);
}
