namespace Tessera.Geometry.Topology;

/// <summary>
/// Topology facts of a triangle mesh, computed from the raw indexed face list so they are defined for
/// non-manifold input too. Definitions follow <c>shared/fixtures/mesh/README.md</c> ("Topology facts").
/// </summary>
/// <remarks>A face is index-valid when its three indices are pairwise distinct; index-degenerate faces count
/// in <see cref="Faces"/> and <see cref="IndexDegenerateFaces"/> only.</remarks>
public sealed record TopologyReport
{
    /// <summary>Vertex records (unreferenced included).</summary>
    public required int Vertices { get; init; }

    /// <summary>Vertices used by any face (index-degenerate faces included).</summary>
    public required int ReferencedVertices { get; init; }

    /// <summary>Vertices used by no face.</summary>
    public int UnreferencedVertices => Vertices - ReferencedVertices;

    /// <summary>Vertices used by index-valid faces.</summary>
    public required int UsedVertices { get; init; }

    /// <summary>Distinct unordered vertex pairs that are sides of index-valid faces.</summary>
    public required int Edges { get; init; }

    /// <summary>Face records.</summary>
    public required int Faces { get; init; }

    /// <summary>Faces with a repeated index.</summary>
    public required int IndexDegenerateFaces { get; init; }

    /// <summary>Index-valid faces with area ≤ 1e-12 · diag² (diag = bbox diagonal of referenced vertices).</summary>
    public required int ZeroAreaFaces { get; init; }

    /// <summary>Edges with exactly one incident face.</summary>
    public required int BoundaryEdges { get; init; }

    /// <summary>Edges with exactly two incident faces.</summary>
    public required int RegularEdges { get; init; }

    /// <summary>Edges with more than two incident faces.</summary>
    public required int SingularEdges { get; init; }

    /// <summary>Vertices on a singular edge or whose incident faces form more than one fan.</summary>
    public required int NonManifoldVertices { get; init; }

    /// <summary>Vertices whose incident faces form more than one fan (bow-ties).</summary>
    public required int MultiFanVertices { get; init; }

    /// <summary>No boundary edges and at least one face.</summary>
    public required bool Closed { get; init; }

    /// <summary>2-manifold (possibly with boundary): no singular edge, no non-manifold vertex.</summary>
    public required bool Manifold { get; init; }

    /// <summary>Every regular edge is traversed in opposite directions by its two faces and no edge is singular.</summary>
    public required bool ConsistentlyOriented { get; init; }

    /// <summary>Every component can be oriented consistently; null unless manifold.</summary>
    public required bool? Orientable { get; init; }

    /// <summary>Vertex-connected components of index-valid faces.</summary>
    public required int Components { get; init; }

    /// <summary>Edge-connected components of index-valid faces.</summary>
    public required int EdgeConnectedComponents { get; init; }

    /// <summary>χ = V_used − E + (F − F_index_degenerate).</summary>
    public required int EulerCharacteristic { get; init; }

    /// <summary>Σ over components of (2 − χ_c − b_c)/2; null unless manifold and orientable.</summary>
    public required int? Genus { get; init; }

    /// <summary>Connected components of the boundary-edge graph.</summary>
    public required int BoundaryLoops { get; init; }

    /// <summary>Sum of face areas.</summary>
    public required double Area { get; init; }

    /// <summary>Σ det(a,b,c)/6 for closed manifold meshes, else null.</summary>
    public required double? SignedVolume { get; init; }

    /// <summary>Minimum corner of the referenced vertices' bounding box.</summary>
    public required Vec3 BoundsMin { get; init; }

    /// <summary>Maximum corner of the referenced vertices' bounding box.</summary>
    public required Vec3 BoundsMax { get; init; }

    /// <summary>Per component, ordered by smallest vertex index.</summary>
    public required IReadOnlyList<ComponentTopology> ComponentList { get; init; }

    /// <summary>First singular edges (vertex pairs), at most 10, for error messages.</summary>
    public required IReadOnlyList<(int A, int B)> FirstSingularEdges { get; init; }

    /// <summary>First non-manifold vertices, at most 10, for error messages.</summary>
    public required IReadOnlyList<int> FirstNonManifoldVertices { get; init; }
}
