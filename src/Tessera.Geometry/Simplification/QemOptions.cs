using Tessera.Core.Errors;

namespace Tessera.Geometry.Simplification;

/// <summary>Options of <see cref="QemSimplification"/>. Defaults: classic Garland–Heckbert plane quadrics with
/// optimal placement, no face-flip, boundary kept by constraint planes.</summary>
public sealed record QemOptions
{
    /// <summary>Stop at the first face count ≤ this (0 = no face target; then <see cref="MaxError"/> must be set).</summary>
    public int TargetFaces { get; init; }

    /// <summary>Stop before a collapse whose cost (quadric error, squared distance units, plus the costs of
    /// <see cref="Criteria"/>) exceeds this.</summary>
    public double MaxError { get; init; } = double.PositiveInfinity;

    /// <summary>Lock every boundary vertex (open borders are kept exactly).</summary>
    public bool PreserveBoundary { get; init; }

    /// <summary>Weight of the constraint planes through boundary edges (perpendicular to their face), times the
    /// squared edge length; 0 disables.</summary>
    public double BoundaryWeight { get; init; } = 100;

    /// <summary>Weight face quadrics by face area (OpenMesh ModQuadric) instead of 1 (Garland–Heckbert, CGAL).</summary>
    public bool AreaWeighted { get; init; }

    /// <summary>Place the merged vertex at the quadric minimiser (true) or at the better endpoint (half-edge
    /// collapse, as OpenMesh).</summary>
    public bool OptimalPlacement { get; init; } = true;

    /// <summary>Largest rotation of a face normal a collapse may cause (90° = no flipped faces).</summary>
    public double MaxNormalChangeDegrees { get; init; } = 90;

    /// <summary>When the normal guard (<see cref="MaxNormalChangeDegrees"/>) leaves the face target unreached,
    /// carry on with collapses that only keep the topology (faces may fold over), and on closed meshes without
    /// <see cref="Criteria"/> with edge flips out of irreducible triangulations, down to the target or the fewest faces
    /// found (see <see cref="QemResult"/>). False keeps the guard and stops where it blocks.</summary>
    public bool RelaxNormalGuard { get; init; } = true;

    /// <summary>Extra criteria evaluated for every candidate collapse: their costs are added to the quadric error
    /// (and so change the collapse order), an infinite score vetoes the collapse.</summary>
    public IReadOnlyList<ICollapseCriterion> Criteria { get; init; } = [];

    internal void Validate()
    {
        Guard.That(TargetFaces >= 0, nameof(TargetFaces), $"must be >= 0 (got {TargetFaces})");
        Guard.That(TargetFaces > 0 || double.IsFinite(MaxError), nameof(TargetFaces), "a face target or a finite MaxError is required");
        Guard.That(!double.IsNaN(MaxError) && MaxError >= 0, nameof(MaxError), $"must be >= 0 (got {MaxError})");
        Guard.That(double.IsFinite(BoundaryWeight) && BoundaryWeight >= 0, nameof(BoundaryWeight), $"must be finite and >= 0 (got {BoundaryWeight})");
        ArgumentNullException.ThrowIfNull(Criteria);
    }
}
