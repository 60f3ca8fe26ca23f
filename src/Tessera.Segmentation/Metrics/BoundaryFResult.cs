namespace Tessera.Segmentation.Metrics;

/// <summary>Boundary F at one tolerance over a dataset.</summary>
/// <param name="TolerancePixels">Disk radius in pixels.</param>
/// <param name="MeanF">Official mean over all classes (classes absent from both maps count as 1).</param>
/// <param name="PerClassF">Per class: mean over images of the per-image F.</param>
/// <param name="PerClassPrecision">Per class: mean over images of the per-image precision.</param>
public sealed record BoundaryFResult(int TolerancePixels, double MeanF, IReadOnlyList<double> PerClassF, IReadOnlyList<double> PerClassPrecision);
