using Tessera.Core.Errors;
using Tessera.Core.Progress;
using Tessera.Segmentation.Labels;

namespace Tessera.Segmentation.Metrics;

/// <summary>
/// Evaluates a folder of predicted label PNGs against a folder of ground-truth PNGs with the same file names,
/// streaming (one pair in memory per worker) and in parallel; the result does not depend on the worker count.
/// </summary>
public static class FolderEvaluation
{
    /// <summary>Pairs every <c>*.png</c> of <paramref name="groundTruthDirectory"/> with the same name in <paramref name="predictionDirectory"/>.</summary>
    /// <param name="predictionDirectory">Predicted label maps.</param>
    /// <param name="groundTruthDirectory">Ground-truth label maps.</param>
    /// <returns>(name, prediction path, ground-truth path), sorted by name.</returns>
    /// <exception cref="DirectoryNotFoundException">A folder is missing.</exception>
    /// <exception cref="TesseraArgumentException">No ground-truth PNGs, or a prediction is missing (named).</exception>
    public static IReadOnlyList<(string Name, string Prediction, string GroundTruth)> Pair(string predictionDirectory, string groundTruthDirectory)
    {
        ArgumentNullException.ThrowIfNull(predictionDirectory);
        ArgumentNullException.ThrowIfNull(groundTruthDirectory);
        if (!Directory.Exists(predictionDirectory)) { throw new DirectoryNotFoundException($"--pred: folder '{predictionDirectory}' does not exist"); }
        if (!Directory.Exists(groundTruthDirectory)) { throw new DirectoryNotFoundException($"--gt: folder '{groundTruthDirectory}' does not exist"); }
        var gts = Directory.EnumerateFiles(groundTruthDirectory, "*.png").Order(StringComparer.Ordinal).ToList();
        Guard.That(gts.Count > 0, "--gt", $"folder '{groundTruthDirectory}' holds no .png label maps");
        var pairs = new List<(string, string, string)>();
        foreach (var gt in gts)
        {
            var name = Path.GetFileName(gt);
            var pred = Path.Combine(predictionDirectory, name);
            Guard.That(File.Exists(pred), "--pred", $"prediction '{pred}' for ground truth '{gt}' does not exist");
            pairs.Add((name, pred, gt));
        }
        return pairs;
    }

    /// <summary>Evaluates paired folders.</summary>
    /// <param name="predictionDirectory">Predicted label maps.</param>
    /// <param name="groundTruthDirectory">Ground-truth label maps.</param>
    /// <param name="numClasses">Classes 0..N−1.</param>
    /// <param name="ignoreLabel">Ignore label.</param>
    /// <param name="boundaryTolerances">Boundary F radii in pixels.</param>
    /// <param name="workers">Parallel workers (≥ 1).</param>
    /// <param name="progress">One report per finished pair.</param>
    /// <param name="cancellationToken">Stops between pairs.</param>
    /// <returns>The report.</returns>
    /// <exception cref="TesseraFormatException">An unreadable PNG (named).</exception>
    /// <exception cref="TesseraArgumentException">Size mismatch or labels out of range (the file is named).</exception>
    public static SegmentationReport Evaluate(string predictionDirectory, string groundTruthDirectory, int numClasses, int ignoreLabel,
        IReadOnlyList<int> boundaryTolerances, int workers = 1, IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default)
    {
        Guard.Positive(workers);
        var pairs = Pair(predictionDirectory, groundTruthDirectory);
        var evaluator = new SegmentationEvaluator(numClasses, ignoreLabel, boundaryTolerances);
        var done = 0;
        try
        {
            Parallel.ForEach(pairs, new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancellationToken }, pair =>
            {
                AddPair(evaluator, pair, numClasses, ignoreLabel);
                var n = Interlocked.Increment(ref done);
                progress?.Report(new ProgressReport("seg eval", n, pairs.Count, pair.Name));
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count >= 1)
        {
            // report the first bad file as its own typed error, not wrapped
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        return evaluator.Report();
    }

    private static void AddPair(SegmentationEvaluator evaluator, (string Name, string Prediction, string GroundTruth) pair, int numClasses, int ignoreLabel)
    {
        var pred = LabelMapFile.Read(pair.Prediction);
        var gt = LabelMapFile.Read(pair.GroundTruth);
        Guard.That(pred.Height == gt.Height && pred.Width == gt.Width, pair.Prediction,
            $"prediction size {pred.Height}×{pred.Width} differs from ground truth '{pair.GroundTruth}' size {gt.Height}×{gt.Width}");
        pred.RequireLabelsInRange(numClasses, ignoreLabel, pair.Prediction);
        gt.RequireLabelsInRange(numClasses, ignoreLabel, pair.GroundTruth);
        evaluator.Add(pred, gt, pair.Name);
    }
}
