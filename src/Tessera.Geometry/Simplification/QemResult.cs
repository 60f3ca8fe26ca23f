namespace Tessera.Geometry.Simplification;

/// <summary>Outcome of <see cref="QemSimplification.Simplify"/>: the mesh and whether (and why not) the target was
/// reached.</summary>
/// <param name="Mesh">The simplified mesh.</param>
/// <param name="TargetFaces">The requested face count (0 = none).</param>
/// <param name="StopReason">Why the simplification stopped.</param>
/// <param name="MinimumFaces">Fewest faces a closed surface with the result's components and genera can have
/// (minimal triangulations, Jungerman–Ringel), or null when the mesh has a boundary.</param>
/// <param name="RelaxedCollapses">Collapses made after the normal guard had blocked progress (see
/// <see cref="QemOptions.RelaxNormalGuard"/>); these may fold faces over.</param>
/// <param name="EdgeFlips">Edge flips made to escape an irreducible triangulation of a closed mesh.</param>
/// <param name="Explanation">One sentence saying why the simplification stopped, with the face counts.</param>
public sealed record QemResult(TriangleMesh Mesh, int TargetFaces, QemStopReason StopReason, int? MinimumFaces,
    int RelaxedCollapses, int EdgeFlips, string Explanation)
{
    /// <summary>True when the face count is at most the target (always true without a target).</summary>
    public bool TargetReached => TargetFaces == 0 || Mesh.FaceCount <= TargetFaces;
}
