using Tessera.Core.Errors;
using Tessera.Segmentation.Labels;

namespace Tessera.Segmentation.Metrics;

/// <summary>
/// Streaming confusion matrix over a dataset (openseg.pytorch <c>RunningScore</c>): rows are ground-truth
/// classes, columns predicted classes; pixels whose ground truth is the ignore label are skipped. A prediction equal
/// to the ignore label on a labelled pixel counts against that ground-truth class (its row) but lands in no column.
/// <see cref="Add"/> is thread-safe, so images can be added from parallel workers; the result does not depend on
/// the order.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly long[] _counts;
    private readonly long[] _unassigned;
    private readonly object _gate = new();

    /// <summary>Creates an empty matrix.</summary>
    /// <param name="numClasses">Classes 0..N−1 (1..255).</param>
    /// <param name="ignoreLabel">Ignored ground-truth label (≥ N, ≤ 255).</param>
    /// <exception cref="TesseraArgumentException">Out-of-range arguments.</exception>
    public ConfusionMatrix(int numClasses, int ignoreLabel = 255)
    {
        Guard.That(numClasses is >= 1 and <= 255, nameof(numClasses), $"must lie in [1, 255] (got {numClasses})");
        Guard.That(ignoreLabel >= numClasses && ignoreLabel <= 255, nameof(ignoreLabel),
            $"must lie in [numClasses, 255] (got {ignoreLabel})");
        NumClasses = numClasses;
        IgnoreLabel = ignoreLabel;
        _counts = new long[numClasses * numClasses];
        _unassigned = new long[numClasses];
    }

    /// <summary>Number of classes.</summary>
    public int NumClasses { get; }

    /// <summary>The ignore label.</summary>
    public int IgnoreLabel { get; }

    /// <summary>Number of (prediction, ground truth) pairs added.</summary>
    public int Images { get; private set; }

    /// <summary>Count of pixels with ground truth <paramref name="truth"/> predicted as <paramref name="predicted"/>.</summary>
    /// <param name="truth">Ground-truth class.</param>
    /// <param name="predicted">Predicted class.</param>
    public long this[int truth, int predicted]
    {
        get
        {
            lock (_gate) { return _counts[(truth * NumClasses) + predicted]; }
        }
    }

    /// <summary>Adds one image.</summary>
    /// <param name="prediction">Predicted labels in [0, N) or the ignore label.</param>
    /// <param name="groundTruth">Ground truth in [0, N) or the ignore label, same size.</param>
    /// <param name="name">Name used in errors (e.g. the file name).</param>
    /// <exception cref="TesseraArgumentException">Sizes differ or a label is out of range; the message names <paramref name="name"/>.</exception>
    public void Add(LabelMap prediction, LabelMap groundTruth, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(groundTruth);
        prediction.RequireSameSize(groundTruth, name is null ? nameof(groundTruth) : $"{name} (ground truth)");
        prediction.RequireLabelsInRange(NumClasses, IgnoreLabel, name is null ? nameof(prediction) : $"{name} (prediction)");
        groundTruth.RequireLabelsInRange(NumClasses, IgnoreLabel, name is null ? nameof(groundTruth) : $"{name} (ground truth)");
        var n = NumClasses;
        var p = prediction.Raw;
        var g = groundTruth.Raw;
        var w = prediction.Width;
        var local = new long[(n * n) + n];
        var gate = new object();
        Parallel.For(0, prediction.Height, () => new long[(n * n) + n], (y, _, acc) =>
        {
            for (var i = y * w; i < (y + 1) * w; i++)
            {
                int t = g[i];
                if (t >= n) { continue; }
                int q = p[i];
                if (q >= n) { acc[(n * n) + t]++; }
                else { acc[(t * n) + q]++; }
            }
            return acc;
        }, acc =>
        {
            lock (gate)
            {
                for (var k = 0; k < acc.Length; k++) { local[k] += acc[k]; }
            }
        });
        lock (_gate)
        {
            for (var k = 0; k < n * n; k++) { _counts[k] += local[k]; }
            for (var k = 0; k < n; k++) { _unassigned[k] += local[(n * n) + k]; }
            Images++;
        }
    }

    /// <summary>Copies the counts as an N×N array [truth, predicted].</summary>
    /// <returns>A new array.</returns>
    public long[,] ToArray()
    {
        var r = new long[NumClasses, NumClasses];
        lock (_gate)
        {
            for (var t = 0; t < NumClasses; t++)
            {
                for (var q = 0; q < NumClasses; q++) { r[t, q] = _counts[(t * NumClasses) + q]; }
            }
        }
        return r;
    }

    /// <summary>Scores of the counts so far.</summary>
    /// <returns>Pixel accuracy, mean class accuracy, frequency-weighted IoU, mIoU and per-class IoU.</returns>
    public SegmentationScores Scores()
    {
        long[] counts;
        long[] unassigned;
        lock (_gate)
        {
            counts = (long[])_counts.Clone();
            unassigned = (long[])_unassigned.Clone();
        }
        return SegmentationScores.FromCounts(counts, unassigned, NumClasses);
    }
}
