namespace Tessera.Geometry.Simplification;

/// <summary>Vetoes every collapse that touches a boundary vertex, so open borders are kept exactly.</summary>
public sealed class BoundaryLockCriterion : ICollapseCriterion
{
    /// <inheritdoc />
    public double Score(ICollapseView view, in CollapseCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(view);
        return view.IsBoundary(candidate.Keep) || view.IsBoundary(candidate.Remove) ? double.PositiveInfinity : 0;
    }
}
