namespace Tessera.Geometry.Simplification;

/// <summary>Outcome of a low-level edge collapse on <see cref="EditableMesh"/>.</summary>
internal enum CollapseResult
{
    /// <summary>Collapsed.</summary>
    Ok,

    /// <summary>The vertices are not joined by a live edge.</summary>
    NotAnEdge,

    /// <summary>The link condition fails (the collapse would create a non-manifold edge or vertex).</summary>
    LinkCondition,

    /// <summary>Both ends are on the boundary but the edge is interior (the collapse would pinch the surface).</summary>
    BoundaryPinch,

    /// <summary>An opposite vertex would be left with valence 2 (e.g. the last collapse of a tetrahedron).</summary>
    Degenerate,
}
