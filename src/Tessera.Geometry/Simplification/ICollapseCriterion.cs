namespace Tessera.Geometry.Simplification;

/// <summary>
/// A pluggable decimation module (like OpenMesh's <c>ModBaseT</c>): adds a cost to a collapse or vetoes it.
/// Topological legality (link condition, no pinched boundary) is enforced by the engine and is not pluggable.
/// </summary>
public interface ICollapseCriterion
{
    /// <summary>Scores a collapse.</summary>
    /// <param name="view">The current mesh.</param>
    /// <param name="candidate">The collapse.</param>
    /// <returns>An extra cost ≥ 0 added to the quadric error, or <see cref="double.PositiveInfinity"/> to veto.</returns>
    double Score(ICollapseView view, in CollapseCandidate candidate);
}
