using System.Globalization;
using System.Text;
using System.Text.Json;
using Tessera.Core.IO;

namespace Tessera.Cli.Areas.Prompt.Bench;

/// <summary>Writes the bench's outputs: <c>results.json</c> (every run), <c>results.md</c> (the table) and one PNG per task.</summary>
internal static class PromptBenchReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Mean and sample standard deviation (0 for one value).</summary>
    public static (double Mean, double Std) MeanStd(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        var std = values.Count > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)) : 0;
        return (mean, std);
    }

    /// <summary>The results table in Markdown: per task, a row per method, a column per shot count (accuracy % mean ± std over seeds).</summary>
    public static string Markdown(IReadOnlyList<PromptBenchRun> runs, IReadOnlyList<string> methods, IReadOnlyList<int> shots, IReadOnlyDictionary<string, string> descriptions)
    {
        var md = new StringBuilder();
        foreach (var task in runs.Select(r => r.Task).Distinct())
        {
            md.AppendLine(Inv, $"**{task}**: {descriptions.GetValueOrDefault(task, "")}").AppendLine();
            md.Append("| method | backbone | trainable % |");
            foreach (var k in shots) { md.Append(Inv, $" {k}-shot |"); }
            md.AppendLine(" train s (largest shots) |");
            md.Append("|---|---|---|");
            foreach (var _ in shots) { md.Append("---|"); }
            md.AppendLine("---|");
            foreach (var method in methods)
            {
                var mine = runs.Where(r => r.Task == task && r.Method == method).ToList();
                if (mine.Count == 0) { continue; }
                md.Append(Inv, $"| {method} | {mine[0].Backbone} | {(mine[0].Trainable == 0 ? "0" : mine[0].TrainablePercent.ToString("0.###", Inv))} |");
                foreach (var k in shots)
                {
                    var cell = mine.Where(r => r.Shots == k || r.Shots == 0).Select(r => r.Accuracy * 100).ToList();
                    if (cell.Count == 0) { md.Append(" – |"); continue; }
                    var (m, s) = MeanStd(cell);
                    md.Append(Inv, $" {m:0.0} ± {s:0.0} |");
                }
                var last = mine.Where(r => r.Shots == shots.Max()).Select(r => r.TrainSeconds).ToList();
                md.AppendLine(Inv, $" {(last.Count == 0 || mine[0].Shots == 0 ? "–" : last.Average().ToString("0.0", Inv))} |");
            }
            md.AppendLine();
        }
        return md.ToString();
    }

    /// <summary>Writes results.json, results.md and bench-TASK.png into <paramref name="directory"/> (atomically, file by file).</summary>
    public static void Write(string directory, IReadOnlyList<PromptBenchRun> runs, IReadOnlyList<string> methods, IReadOnlyList<int> shots,
        IReadOnlyDictionary<string, string> descriptions, object settings)
    {
        Directory.CreateDirectory(directory);
        var json = JsonSerializer.Serialize(new { settings, runs = runs.Select(r => new
        {
            task = r.Task, shots = r.Shots, seed = r.Seed, method = r.Method, backbone = r.Backbone, accuracy = r.Accuracy,
            trainable = r.Trainable, backbone_parameters = r.BackboneParameters, trainable_percent = r.TrainablePercent, steps = r.Steps,
            train_seconds = r.TrainSeconds, final_loss = double.IsFinite(r.FinalLoss) ? r.FinalLoss : (double?)null,
        }) }, Indented);
        AtomicFile.WriteAllText(Path.Combine(directory, "results.json"), json);
        AtomicFile.WriteAllText(Path.Combine(directory, "results.md"), Markdown(runs, methods, shots, descriptions));
        foreach (var task in runs.Select(r => r.Task).Distinct())
        {
            var plot = new ScottPlot.Plot();
            foreach (var method in methods)
            {
                var mine = runs.Where(r => r.Task == task && r.Method == method).ToList();
                if (mine.Count == 0) { continue; }
                if (mine.All(r => r.Shots == 0))
                {
                    var line = plot.Add.HorizontalLine(mine.Average(r => r.Accuracy) * 100);
                    line.LegendText = method;
                    line.LinePattern = ScottPlot.LinePattern.Dashed;
                    continue;
                }
                var xs = shots.Select(k => Math.Log2(k)).ToArray();
                var ys = shots.Select(k => mine.Where(r => r.Shots == k).Select(r => r.Accuracy * 100).DefaultIfEmpty(double.NaN).Average()).ToArray();
                var scatter = plot.Add.Scatter(xs, ys);
                scatter.LegendText = method;
                scatter.LineWidth = 2;
            }
            plot.Axes.Bottom.SetTicks([.. shots.Select(k => Math.Log2(k))], [.. shots.Select(k => k.ToString(Inv))]);
            plot.Title($"prompt bench: {task} (mean of seeds)");
            plot.XLabel("training images per class");
            plot.YLabel("test accuracy %");
            plot.ShowLegend();
            AtomicFile.WriteAllBytes(Path.Combine(directory, $"bench-{task}.png"), plot.GetImageBytes(800, 500, ScottPlot.ImageFormat.Png));
        }
    }
}
