namespace Tessera.Geometry.Cleaning;

/// <summary>What <see cref="MeshCleaner.Clean"/> does. Defaults reproduce the fixtures' cleaning recipe
/// (exact weld, drop index-degenerate, zero-area and duplicate faces, drop unreferenced vertices) plus
/// consistent orientation.</summary>
public sealed record CleanOptions
{
    /// <summary>Weld vertices closer than this distance (0 = only bit-identical coordinates). Each vertex is
    /// replaced by the lowest-index vertex within the tolerance that was itself kept.</summary>
    public double WeldTolerance { get; init; }

    /// <summary>Drop faces whose area is at most this fraction of the squared bbox diagonal (default 1e-12;
    /// negative disables).</summary>
    public double ZeroAreaTolerance { get; init; } = 1e-12;

    /// <summary>Drop faces that repeat another face's vertex set (first occurrence kept).</summary>
    public bool DropDuplicateFaces { get; init; } = true;

    /// <summary>Drop vertices no face uses (order of the others kept).</summary>
    public bool DropUnreferencedVertices { get; init; } = true;

    /// <summary>Flip faces so that every edge-connected manifold patch is consistently oriented (the first face
    /// of each patch keeps its orientation).</summary>
    public bool OrientConsistently { get; init; } = true;
}
