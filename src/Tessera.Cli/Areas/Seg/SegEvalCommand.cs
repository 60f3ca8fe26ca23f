using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Cli;
using Tessera.Core.Errors;
using Tessera.Core.Progress;
using Tessera.Segmentation.Metrics;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Seg;

/// <summary><c>tessera seg eval --pred DIR --gt DIR --classes N [--ignore 255] [--tolerance 1,2,3] [--json]</c>.</summary>
internal sealed class SegEvalCommand(CliConsole console) : Command<SegEvalCommand.Settings>
{
    /// <summary>Arguments of <c>seg eval</c>.</summary>
    internal sealed class Settings : SeededSettings
    {
        /// <summary>Prediction folder.</summary>
        [CommandOption("--pred <DIR>", isRequired: true)]
        [Description("Folder of predicted label PNGs (same file names as --gt).")]
        public string Pred { get; init; } = "";

        /// <summary>Ground-truth folder.</summary>
        [CommandOption("--gt <DIR>", isRequired: true)]
        [Description("Folder of ground-truth label PNGs.")]
        public string Gt { get; init; } = "";

        /// <summary>Number of classes.</summary>
        [CommandOption("--classes <N>", isRequired: true)]
        [Description("Number of classes (labels 0..N-1).")]
        public int Classes { get; init; }

        /// <summary>Ignore label.</summary>
        [CommandOption("--ignore <LABEL>")]
        [Description("Ignore label of the ground truth.")]
        [DefaultValue(255)]
        public int Ignore { get; init; } = 255;

        /// <summary>Boundary tolerances.</summary>
        [CommandOption("--tolerance <PX>")]
        [Description("Boundary F tolerance in pixels; repeatable. Default: 1, 2, 3.")]
        public int[] Tolerances { get; init; } = [];

        /// <summary>JSON output.</summary>
        [CommandOption("--json")]
        [Description("Print JSON (keys miou, pixel_accuracy, per_class_iou, boundary_f keyed by tolerance).")]
        public bool Json { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Guard.That(settings.Classes is >= 1 and <= 255, "--classes", $"must lie in [1, 255] (got {settings.Classes})");
        Guard.That(settings.Ignore >= settings.Classes && settings.Ignore <= 255, "--ignore",
            $"must lie in [--classes, 255] (got {settings.Ignore})");
        Guard.That(settings.Workers >= 1, "--workers", $"must be ≥ 1 (got {settings.Workers})");
        int[] tolerances = settings.Tolerances.Length == 0 ? [1, 2, 3] : settings.Tolerances;
        foreach (var t in tolerances) { Guard.That(t >= 1, "--tolerance", $"must be ≥ 1 pixel (got {t})"); }
        SegmentationReport report;
        if (settings.Json)
        {
            report = FolderEvaluation.Evaluate(settings.Pred, settings.Gt, settings.Classes, settings.Ignore, tolerances, settings.Workers, null, cancellationToken);
            console.Data(ToJson(report).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }
        report = null!;
        console.Err.Progress().AutoClear(true).Start(ctx =>
        {
            var task = ctx.AddTask("seg eval");
            var progress = new Progress<ProgressReport>(r =>
            {
                task.MaxValue = r.Total ?? 1;
                task.Value = r.Done;
            });
            report = FolderEvaluation.Evaluate(settings.Pred, settings.Gt, settings.Classes, settings.Ignore, tolerances, settings.Workers, progress, cancellationToken);
        });
        var inv = CultureInfo.InvariantCulture;
        var table = new Table().AddColumns(["class", "IoU", .. tolerances.Select(t => $"BF {t}px")]);
        for (var c = 0; c < settings.Classes; c++)
        {
            table.AddRow([c.ToString(inv), report.Scores.PerClassIou[c]?.ToString("F4", inv) ?? "-",
                .. tolerances.Select(t => report.BoundaryF[t].PerClassF[c].ToString("F4", inv))]);
        }
        table.AddRow(["mean", report.Scores.MeanIou.ToString("F4", inv), .. tolerances.Select(t => report.BoundaryF[t].MeanF.ToString("F4", inv))]);
        console.Out.Write(table);
        console.Data(string.Format(inv, "{0} images  mIoU {1:F4}  pixel accuracy {2:F4}  FWIoU {3:F4}", report.Images, report.Scores.MeanIou,
            report.Scores.PixelAccuracy, report.Scores.FrequencyWeightedIou));
        return 0;
    }

    /// <summary>The JSON form of a report.</summary>
    /// <param name="report">The report.</param>
    /// <returns>A JSON object.</returns>
    internal static JsonObject ToJson(SegmentationReport report)
    {
        static JsonNode? Num(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;
        var bf = new JsonObject();
        foreach (var (t, r) in report.BoundaryF.OrderBy(kv => kv.Key))
        {
            bf[t.ToString(CultureInfo.InvariantCulture)] = new JsonObject
            {
                ["mean_f"] = Num(r.MeanF),
                ["per_class_f"] = new JsonArray([.. r.PerClassF.Select(Num)]),
                ["per_class_precision"] = new JsonArray([.. r.PerClassPrecision.Select(Num)]),
            };
        }
        return new JsonObject
        {
            ["images"] = report.Images,
            ["miou"] = Num(report.Scores.MeanIou),
            ["pixel_accuracy"] = Num(report.Scores.PixelAccuracy),
            ["mean_class_accuracy"] = Num(report.Scores.MeanClassAccuracy),
            ["fw_iou"] = Num(report.Scores.FrequencyWeightedIou),
            ["per_class_iou"] = new JsonArray([.. report.Scores.PerClassIou.Select(v => v is { } d ? JsonValue.Create(d) : null)]),
            ["boundary_f"] = bf,
        };
    }
}
