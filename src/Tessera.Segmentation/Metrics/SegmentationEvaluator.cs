using Tessera.Core.Errors;
using Tessera.Segmentation.Labels;

namespace Tessera.Segmentation.Metrics;

/// <summary>
/// Streaming dataset evaluation: a <see cref="ConfusionMatrix"/> plus boundary F-scores at several pixel tolerances.
/// Boundary F follows openseg.pytorch's <c>F1RunningScore</c>: per class, the per-image F values are summed and
/// counted over the dataset, and the official mean is Σ_c (sum_c / count_c) / N over all N classes, so a class absent
/// from both maps of an image contributes F = 1. <see cref="Add"/> is thread-safe.
/// </summary>
public sealed class SegmentationEvaluator
{
    private readonly ConfusionMatrix _matrix;
    private readonly int[] _tolerances;
    private readonly double[][] _fSums;
    private readonly double[][] _pSums;
    private readonly object _gate = new();
    private long _images;

    /// <summary>Creates an evaluator.</summary>
    /// <param name="numClasses">Classes 0..N−1.</param>
    /// <param name="ignoreLabel">Ignored ground-truth label.</param>
    /// <param name="boundaryTolerances">Boundary F radii in pixels (default 1, 2, 3); empty disables boundary F.</param>
    /// <exception cref="TesseraArgumentException">Out-of-range arguments.</exception>
    public SegmentationEvaluator(int numClasses, int ignoreLabel = 255, IReadOnlyList<int>? boundaryTolerances = null)
    {
        _matrix = new ConfusionMatrix(numClasses, ignoreLabel);
        _tolerances = [.. boundaryTolerances ?? [1, 2, 3]];
        foreach (var t in _tolerances) { Guard.That(t >= 1, nameof(boundaryTolerances), $"radii must be ≥ 1 (got {t})"); }
        _fSums = [.. _tolerances.Select(_ => new double[numClasses])];
        _pSums = [.. _tolerances.Select(_ => new double[numClasses])];
    }

    /// <summary>The confusion matrix so far.</summary>
    public ConfusionMatrix Matrix => _matrix;

    /// <summary>Boundary tolerances in pixels.</summary>
    public IReadOnlyList<int> BoundaryTolerances => _tolerances;

    /// <summary>Adds one (prediction, ground truth) pair.</summary>
    /// <param name="prediction">Predicted labels.</param>
    /// <param name="groundTruth">Ground truth, same size.</param>
    /// <param name="name">Name for errors (e.g. the file).</param>
    /// <exception cref="TesseraArgumentException">Size mismatch or labels out of range (message names <paramref name="name"/>).</exception>
    public void Add(LabelMap prediction, LabelMap groundTruth, string? name = null)
    {
        _matrix.Add(prediction, groundTruth, name);
        if (_tolerances.Length == 0)
        {
            lock (_gate) { _images++; }
            return;
        }
        var r = BoundaryFScore.Compute(prediction, groundTruth, _matrix.NumClasses, _matrix.IgnoreLabel, _tolerances);
        lock (_gate)
        {
            for (var t = 0; t < _tolerances.Length; t++)
            {
                for (var c = 0; c < _matrix.NumClasses; c++)
                {
                    _fSums[t][c] += r[t][c].F;
                    _pSums[t][c] += r[t][c].Precision;
                }
            }
            _images++;
        }
    }

    /// <summary>The report of everything added so far.</summary>
    /// <returns>Region scores and boundary F per tolerance.</returns>
    public SegmentationReport Report()
    {
        var scores = _matrix.Scores();
        var bf = new Dictionary<int, BoundaryFResult>();
        lock (_gate)
        {
            for (var t = 0; t < _tolerances.Length; t++)
            {
                var n = _matrix.NumClasses;
                var perF = new double[n];
                var perP = new double[n];
                for (var c = 0; c < n; c++)
                {
                    perF[c] = _images > 0 ? _fSums[t][c] / _images : double.NaN;
                    perP[c] = _images > 0 ? _pSums[t][c] / _images : double.NaN;
                }
                bf[_tolerances[t]] = new BoundaryFResult(_tolerances[t], perF.Sum() / n, perF, perP);
            }
            return new SegmentationReport((int)_images, scores, bf);
        }
    }
}
