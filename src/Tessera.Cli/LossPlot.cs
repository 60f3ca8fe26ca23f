using Tessera.Core.IO;
using Tessera.Nn.Training;

namespace Tessera.Cli;

/// <summary>
/// Draws a training run's loss against step as a PNG with ScottPlot 5. The trainer in Tessera.Nn only writes
/// <c>metrics.csv</c>; pictures of the metrics are drawn here, by the program that shows them.
/// </summary>
internal static class LossPlot
{
    /// <summary>File name used next to <c>metrics.csv</c>.</summary>
    internal const string FileName = "loss.png";

    /// <summary>Writes an 800×500 PNG of loss per step atomically; nothing is written when there are no rows.</summary>
    /// <param name="path">Destination.</param>
    /// <param name="rows">The run's metrics (<see cref="TrainingResult.Metrics"/>, resumed steps included).</param>
    internal static void Write(string path, IReadOnlyList<TrainingStepMetrics> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }
        var xs = rows.Select(r => (double)r.Step).ToArray();
        var ys = rows.Select(r => double.IsFinite(r.Loss) ? r.Loss : double.NaN).ToArray();
        var plot = new ScottPlot.Plot();
        var line = plot.Add.Scatter(xs, ys);
        line.MarkerSize = 0;
        line.LineWidth = 2;
        plot.Title("Training loss");
        plot.XLabel("step");
        plot.YLabel("loss");
        AtomicFile.WriteAllBytes(path, plot.GetImageBytes(800, 500, ScottPlot.ImageFormat.Png));
    }
}
