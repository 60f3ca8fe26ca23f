namespace Tessera.Geometry.Simplification;

/// <summary>Read-only view of the mesh being simplified, offered to <see cref="ICollapseCriterion"/>s.</summary>
public interface ICollapseView
{
    /// <summary>Current position of a vertex.</summary>
    /// <param name="vertex">Vertex index.</param>
    /// <returns>The position.</returns>
    Vec3 Position(int vertex);

    /// <summary>True when the vertex lies on a boundary edge.</summary>
    /// <param name="vertex">Vertex index.</param>
    /// <returns>Whether the vertex is on the boundary.</returns>
    bool IsBoundary(int vertex);

    /// <summary>The live faces around a vertex, as vertex triples in their orientation.</summary>
    /// <param name="vertex">Vertex index.</param>
    /// <param name="into">Cleared and filled with the faces.</param>
    void IncidentFaces(int vertex, List<(int A, int B, int C)> into);
}
