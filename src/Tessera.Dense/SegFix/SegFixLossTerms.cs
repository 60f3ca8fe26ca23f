using static TorchSharp.torch;

namespace Tessera.Dense.SegFix;

/// <summary>The SegFix training loss and its two parts.</summary>
/// <param name="Total">Boundary loss + direction loss (scalar, attached to the graph).</param>
/// <param name="Boundary">Class-weighted 2-way cross-entropy of the boundary branch (scalar).</param>
/// <param name="Direction">Class-weighted m-way cross-entropy of the direction branch on ground-truth boundary pixels (scalar; 0 when there are none).</param>
public readonly record struct SegFixLossTerms(Tensor Total, Tensor Boundary, Tensor Direction);
