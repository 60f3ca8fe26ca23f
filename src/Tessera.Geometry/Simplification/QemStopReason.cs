namespace Tessera.Geometry.Simplification;

/// <summary>Why <see cref="QemSimplification"/> stopped.</summary>
public enum QemStopReason
{
    /// <summary>The face target was reached (or, without a target, no collapse is within <see cref="QemOptions.MaxError"/>).</summary>
    TargetReached,

    /// <summary>The next collapse would cost more than <see cref="QemOptions.MaxError"/>.</summary>
    MaxError,

    /// <summary>The mesh has the fewest faces a closed surface of its genus and component count can have.</summary>
    TopologicalMinimum,

    /// <summary>Every remaining collapse would change the topology, and no short sequence of edge flips (closed
    /// meshes only) makes one possible, although the topological minimum is lower.</summary>
    NoTopologyPreservingCollapse,

    /// <summary>Collapses that keep the topology remain, but a criterion vetoes each of them.</summary>
    Vetoed,
}
