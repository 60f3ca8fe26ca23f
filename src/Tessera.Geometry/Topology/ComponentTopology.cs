namespace Tessera.Geometry.Topology;

/// <summary>Topology facts of one vertex-connected component (see <see cref="TopologyReport"/>).</summary>
/// <param name="Vertices">Vertices used by the component's index-valid faces.</param>
/// <param name="Edges">Distinct edges.</param>
/// <param name="Faces">Index-valid faces.</param>
/// <param name="EulerCharacteristic">V − E + F.</param>
/// <param name="BoundaryEdges">Edges with one incident face.</param>
/// <param name="BoundaryLoops">Connected components of the boundary-edge graph.</param>
/// <param name="Closed">No boundary edge (and at least one face).</param>
/// <param name="Manifold">No singular edge and no non-manifold vertex.</param>
/// <param name="Orientable">Whether the faces can be oriented consistently (null unless manifold).</param>
/// <param name="Genus">(2 − χ − b) / 2 (null unless manifold and orientable).</param>
/// <param name="Area">Sum of face areas.</param>
public sealed record ComponentTopology(
    int Vertices, int Edges, int Faces, int EulerCharacteristic, int BoundaryEdges, int BoundaryLoops,
    bool Closed, bool Manifold, bool? Orientable, int? Genus, double Area);
