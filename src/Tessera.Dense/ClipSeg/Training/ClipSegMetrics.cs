namespace Tessera.Dense.ClipSeg.Training;

/// <summary>Referring-segmentation scores of a set of predictions (see <see cref="ClipSegEvaluation.Score"/>).</summary>
/// <param name="Samples">Samples scored.</param>
/// <param name="MeanIoU">Mean of the foreground and background IoU.</param>
/// <param name="ForegroundIoU">Foreground IoU over the whole set: Σ intersection / Σ union of the thresholded masks.</param>
/// <param name="BackgroundIoU">The same for the background.</param>
/// <param name="AveragePrecision">Pixel-level average precision of the probabilities against the targets, all pixels pooled.</param>
/// <param name="Threshold">Probability threshold of the masks.</param>
public sealed record ClipSegMetrics(int Samples, double MeanIoU, double ForegroundIoU, double BackgroundIoU, double AveragePrecision, double Threshold);
