using Tessera.Core.IO;
using Tessera.Diffusion.Training;

namespace Tessera.Cli.Areas.Diffusion;

/// <summary>Draws a diffusion run's loss (and its MSE and VLB terms when present) per step with ScottPlot.</summary>
internal static class DiffusionLossPlot
{
    /// <summary>Writes an 800×500 PNG atomically; nothing when there are no rows.</summary>
    public static void Write(string path, IReadOnlyList<DiffusionStepMetrics> rows)
    {
        if (rows.Count == 0) { return; }
        var xs = rows.Select(r => (double)r.Step).ToArray();
        var plot = new ScottPlot.Plot();
        void Line(Func<DiffusionStepMetrics, double> f, string label)
        {
            var ys = rows.Select(r => Smooth(rows, r, f)).ToArray();
            if (ys.All(double.IsNaN)) { return; }
            var line = plot.Add.Scatter(xs, ys);
            line.MarkerSize = 0;
            line.LineWidth = 2;
            line.LegendText = label;
        }
        Line(r => r.Loss, "loss");
        Line(r => r.Mse, "mse");
        Line(r => r.Vb, "vb (scaled)");
        plot.Axes.SetLimitsY(0, Math.Max(1e-6, rows.Skip(rows.Count / 10).Select(r => r.Loss).Where(double.IsFinite).DefaultIfEmpty(1).Max()));
        plot.Title("Diffusion training (running mean over 20 steps)");
        plot.XLabel("step");
        plot.YLabel("loss");
        plot.ShowLegend();
        AtomicFile.WriteAllBytes(path, plot.GetImageBytes(800, 500, ScottPlot.ImageFormat.Png));
    }

    private static double Smooth(IReadOnlyList<DiffusionStepMetrics> rows, DiffusionStepMetrics row, Func<DiffusionStepMetrics, double> f)
    {
        var i = (int)row.Step - (int)rows[0].Step;
        var from = Math.Max(0, i - 19);
        var values = Enumerable.Range(from, i - from + 1).Select(k => f(rows[k])).Where(double.IsFinite).ToList();
        return values.Count == 0 ? double.NaN : values.Average();
    }
}
