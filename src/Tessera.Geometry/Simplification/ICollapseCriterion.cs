namespace Tessera.Geometry.Simplification;

/// <summary>
/// A pluggable decimation module (like OpenMesh's <c>ModBaseT</c>): adds a cost to a collapse or vetoes it.
/// Topological legality (link condition, no pinched boundary) is enforced by the engine and is not pluggable.
/// </summary>
/// <remarks>
/// <see cref="QemSimplification"/> orders collapses by quadric error plus the sum of the criteria's costs, so a
/// criterion that adds cost to a region makes its collapses happen later. The score is taken when an edge is
/// queued and again when it reaches the front of the queue; if it rose in between, the edge is queued again with
/// the new cost. <see cref="QemOptions.MaxError"/> bounds the same total.
/// </remarks>
public interface ICollapseCriterion
{
    /// <summary>Scores a collapse.</summary>
    /// <param name="view">The current mesh.</param>
    /// <param name="candidate">The collapse.</param>
    /// <returns>An extra cost ≥ 0 added to the quadric error, or <see cref="double.PositiveInfinity"/> to veto.</returns>
    double Score(ICollapseView view, in CollapseCandidate candidate);
}
