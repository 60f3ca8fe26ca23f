using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;
using Tessera.Core.Arrays;
using Tessera.Core.Errors;
using Tessera.Data.Synthetic;
using Tessera.Segmentation.Labels;
using Tessera.Segmentation.SegFix;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Seg;

/// <summary>
/// <c>tessera bench segfix [--height 1024] [--width 2048] [--count 3] [--reference FILE]</c>: SegFix ground truth
/// (distance maps, direction filter, angle, depth/dir_deg written to disk) per label map, against the reference
/// implementation's recorded time.
/// </summary>
internal sealed class BenchSegFixCommand(CliConsole console) : Command<BenchSegFixCommand.Settings>
{
    /// <summary>Arguments of <c>bench segfix</c>.</summary>
    internal sealed class Settings : CommonSettings
    {
        /// <summary>Rows.</summary>
        [CommandOption("--height <H>")]
        [DefaultValue(1024)]
        [Description("Label map rows.")]
        public int Height { get; init; } = 1024;

        /// <summary>Columns.</summary>
        [CommandOption("--width <W>")]
        [DefaultValue(2048)]
        [Description("Label map columns.")]
        public int Width { get; init; } = 2048;

        /// <summary>Maps.</summary>
        [CommandOption("--count <N>")]
        [DefaultValue(3)]
        [Description("Number of timed label maps (after one warm-up).")]
        public int Images { get; init; } = 3;

        /// <summary>Reference timing file.</summary>
        [CommandOption("--reference <FILE>")]
        [Description("Reference timing JSON (seconds_per_image). Default: ../shared/bench/segfix-reference.json if present.")]
        public string? Reference { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Guard.That(settings.Height >= 32 && settings.Width >= 32, "--height", "maps must be at least 32×32");
        Guard.That(settings.Images >= 1, "--count", $"must be ≥ 1 (got {settings.Images})");
        var inv = CultureInfo.InvariantCulture;
        var tmp = Directory.CreateTempSubdirectory("tessera-bench-segfix-");
        try
        {
            var maps = Enumerable.Range(0, settings.Images + 1)
                .Select(i => LabelMap.FromNdArray(ShapeScenes.Street(settings.Height, settings.Width, 2026, i))).ToList();
            List<double> Time(TaskScheduler scheduler)
            {
                var times = new List<double>();
                for (var i = 0; i < maps.Count; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var map = maps[i];
                    var index = i;
                    // Parallel loops inside run on the ambient scheduler, so a one-slot scheduler gives a single-thread run.
                    var seconds = Task.Factory.StartNew(() =>
                    {
                        var sw = Stopwatch.StartNew();
                        var t = SegFixGroundTruth.Compute(map, SegFixOptions.Default, cancellationToken);
                        Npy.Write(Path.Combine(tmp.FullName, $"{index}_depth.npy"), t.Depth());
                        Npy.Write(Path.Combine(tmp.FullName, $"{index}_dir_deg.npy"), t.DirectionDegrees());
                        _ = t.OffsetMap(8);
                        return sw.Elapsed.TotalSeconds;
                    }, cancellationToken, TaskCreationOptions.None, scheduler).GetAwaiter().GetResult();
                    if (i > 0) { times.Add(seconds); }
                }
                return times;
            }
            var times = Time(TaskScheduler.Default);
            var single = Time(new ConcurrentExclusiveSchedulerPair(TaskScheduler.Default, 1).ConcurrentScheduler);
            var mean = times.Average();
            var singleMean = single.Average();
            var refPath = settings.Reference ?? FindReference();
            double? reference = null;
            if (refPath is not null && File.Exists(refPath))
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(refPath));
                reference = doc.RootElement.GetProperty("seconds_per_image").GetDouble();
            }
            var table = new Table().AddColumns("what", "value");
            table.AddRow("map size", $"{settings.Height}×{settings.Width} (synthetic street scene, 10 classes + ignore)");
            table.AddRow("processors", Environment.ProcessorCount.ToString(inv));
            table.AddRow("tessera s/map (mean of " + times.Count.ToString(inv) + ")", mean.ToString("F3", inv));
            table.AddRow("tessera min / max", $"{times.Min().ToString("F3", inv)} / {times.Max().ToString("F3", inv)}");
            table.AddRow("tessera s/map, one thread", singleMean.ToString("F3", inv));
            if (reference is { } r)
            {
                table.AddRow("reference s/map (one thread)", r.ToString("F3", inv));
                table.AddRow("speed-up (all cores)", (r / mean).ToString("F1", inv) + "×");
                table.AddRow("speed-up (one thread)", (r / singleMean).ToString("F1", inv) + "×");
            }
            console.Out.Write(table);
            return 0;
        }
        finally
        {
            tmp.Delete(recursive: true);
        }
    }

    private static string? FindReference()
    {
        var env = Environment.GetEnvironmentVariable("TESSERA_SHARED");
        if (!string.IsNullOrEmpty(env) && File.Exists(Path.Combine(env, "bench", "segfix-reference.json")))
        {
            return Path.Combine(env, "bench", "segfix-reference.json");
        }
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            var dir = new DirectoryInfo(start);
            while (dir is not null)
            {
                var p = Path.Combine(dir.FullName, "..", "shared", "bench", "segfix-reference.json");
                if (File.Exists(p)) { return Path.GetFullPath(p); }
                dir = dir.Parent;
            }
        }
        return null;
    }
}
