namespace Tessera.Geometry.Metrics;

/// <summary>Two-sided surface distances between an original surface O and an approximation S.</summary>
/// <param name="Hausdorff">max(d_max(O→S), d_max(S→O)).</param>
/// <param name="Mean">(d_mean(O→S) + d_mean(S→O)) / 2, area-weighted means.</param>
/// <param name="MaxOriginalToSimplified">d_max(O→S).</param>
/// <param name="MaxSimplifiedToOriginal">d_max(S→O).</param>
/// <param name="MeanOriginalToSimplified">d_mean(O→S).</param>
/// <param name="MeanSimplifiedToOriginal">d_mean(S→O).</param>
/// <param name="RmsOriginalToSimplified">Area-weighted RMS of O→S.</param>
/// <param name="RmsSimplifiedToOriginal">Area-weighted RMS of S→O.</param>
/// <param name="SamplesOriginal">Samples taken on O.</param>
/// <param name="SamplesSimplified">Samples taken on S.</param>
/// <param name="BoundingDiagonal">Bounding-box diagonal of O (for relative values).</param>
public sealed record DistanceReport(
    double Hausdorff, double Mean,
    double MaxOriginalToSimplified, double MaxSimplifiedToOriginal,
    double MeanOriginalToSimplified, double MeanSimplifiedToOriginal,
    double RmsOriginalToSimplified, double RmsSimplifiedToOriginal,
    long SamplesOriginal, long SamplesSimplified, double BoundingDiagonal);
