namespace Tessera.Segmentation.Metrics;

/// <summary>Dataset evaluation result.</summary>
/// <param name="Images">Pairs evaluated.</param>
/// <param name="Scores">Region scores (mIoU, pixel accuracy …).</param>
/// <param name="BoundaryF">Boundary F per tolerance in pixels.</param>
public sealed record SegmentationReport(int Images, SegmentationScores Scores, IReadOnlyDictionary<int, BoundaryFResult> BoundaryF);
