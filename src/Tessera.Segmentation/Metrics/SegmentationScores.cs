namespace Tessera.Segmentation.Metrics;

/// <summary>
/// Region scores of a confusion matrix, as openseg.pytorch's <c>RunningScore.get_scores</c> computes them.
/// </summary>
/// <param name="PixelAccuracy">trace / labelled pixels.</param>
/// <param name="MeanClassAccuracy">Mean over classes present in the ground truth of diag / row.</param>
/// <param name="FrequencyWeightedIou">Σ over classes present in the ground truth of (row / total) · IoU.</param>
/// <param name="MeanIou">Mean of the defined per-class IoUs.</param>
/// <param name="PerClassIou">diag / (row + col − diag) per class; null for a class absent from both maps (0/0).</param>
public sealed record SegmentationScores(double PixelAccuracy, double MeanClassAccuracy, double FrequencyWeightedIou, double MeanIou,
    IReadOnlyList<double?> PerClassIou)
{
    internal static SegmentationScores FromCounts(long[] counts, long[] unassigned, int n)
    {
        var row = new long[n];
        var col = new long[n];
        long total = 0, trace = 0;
        for (var t = 0; t < n; t++)
        {
            row[t] += unassigned[t];
            for (var q = 0; q < n; q++)
            {
                var v = counts[(t * n) + q];
                row[t] += v;
                col[q] += v;
            }
            trace += counts[(t * n) + t];
        }
        foreach (var r in row) { total += r; }
        var iou = new double?[n];
        double iouSum = 0, accSum = 0, fw = 0;
        int iouCount = 0, accCount = 0;
        for (var c = 0; c < n; c++)
        {
            var diag = counts[(c * n) + c];
            var denom = row[c] + col[c] - diag;
            if (denom > 0)
            {
                var v = (double)diag / denom;
                iou[c] = v;
                iouSum += v;
                iouCount++;
                if (row[c] > 0) { fw += (double)row[c] / total * v; }
            }
            if (row[c] > 0)
            {
                accSum += (double)diag / row[c];
                accCount++;
            }
        }
        return new SegmentationScores(
            total > 0 ? (double)trace / total : double.NaN,
            accCount > 0 ? accSum / accCount : double.NaN,
            total > 0 ? fw : double.NaN,
            iouCount > 0 ? iouSum / iouCount : double.NaN,
            iou);
    }
}
