using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Cli;
using Tessera.Core.Errors;
using Tessera.Core.IO;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Augment;

/// <summary><c>tessera bench augment</c>: images per second of each transform vs the stored albumentations 1.3.1 figures.</summary>
internal sealed class BenchAugmentCommand(CliConsole console) : Command<BenchAugmentCommand.Settings>
{
    /// <summary>Arguments of <c>bench augment</c>.</summary>
    internal sealed class Settings : CommonSettings
    {
        /// <summary>Transforms to time.</summary>
        [CommandOption("--transforms <LIST>")]
        [Description("Comma-separated baseline names (e.g. Blur,TrainPipeline) or 'all'.")]
        [DefaultValue("all")]
        public string Transforms { get; init; } = "all";

        /// <summary>Crop size.</summary>
        [CommandOption("--size <N>")]
        [Description("Side of the square RGB uint8 input crops.")]
        [DefaultValue(256)]
        public int Size { get; init; } = 256;

        /// <summary>Number of images.</summary>
        [CommandOption("--count <N>")]
        [Description("Number of input images per repeat.")]
        [DefaultValue(200)]
        public int Images { get; init; } = 200;

        /// <summary>Repeats.</summary>
        [CommandOption("--repeat <N>")]
        [Description("Repeats; the median is reported.")]
        [DefaultValue(5)]
        public int Repeat { get; init; } = 5;

        /// <summary>Batch workers.</summary>
        [CommandOption("--workers <N>")]
        [Description("Workers of the batch mode (measured for TrainPipeline, or every transform with --batch-all); 1 = off.")]
        [DefaultValue(2)]
        public int Workers { get; init; } = 2;

        /// <summary>Batch mode for every transform.</summary>
        [CommandOption("--batch-all")]
        [Description("Measure the batch mode for every transform, not only TrainPipeline.")]
        public bool BatchAll { get; init; }

        /// <summary>Baseline file.</summary>
        [CommandOption("--baseline <FILE>")]
        [Description("albumentations figures (default: shared/bench/augment-albumentations.json found above this folder).")]
        public string? Baseline { get; init; }

        /// <summary>Photo folder.</summary>
        [CommandOption("--photos <DIR>")]
        [Description("Folder with astronaut.png, chelsea.png, coffee.png, rocket.jpg (default: python3-skimage's data folder).")]
        public string? Photos { get; init; }

        /// <summary>Clock of the headline figure.</summary>
        [CommandOption("--clock <wall|cpu>")]
        [Description("Divide by wall-clock time or by this process's CPU time (use cpu when other processes share the cores).")]
        [DefaultValue("wall")]
        public string Clock { get; init; } = "wall";

        /// <summary>Print JSON.</summary>
        [CommandOption("--json")]
        [Description("Print the results (baseline names as keys) as JSON on stdout instead of a table.")]
        public bool Json { get; init; }

        /// <summary>Results file.</summary>
        [CommandOption("-o|--out <FILE>")]
        [Description("Also write the results as JSON (baseline names as keys) to this file.")]
        public string? Out { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Guard.That(settings.Size is >= 16 and <= 4096, "--size", "must lie in [16, 4096]");
        Guard.That(settings.Images >= 1, "--count", "must be at least 1");
        Guard.That(settings.Repeat >= 1, "--repeat", "must be at least 1");
        Guard.That(settings.Workers >= 1, "--workers", "must be at least 1");
        var clock = settings.Clock.ToUpperInvariant() switch
        {
            "WALL" => BenchClock.Wall,
            "CPU" => BenchClock.Cpu,
            _ => throw new TesseraArgumentException("--clock", "must be wall or cpu"),
        };
        var baselinePath = settings.Baseline ?? AugmentBenchmark.FindBaseline()
            ?? throw new TesseraArgumentException("--baseline", "not given and shared/bench/augment-albumentations.json was not found");
        var baseline = JsonNode.Parse(File.ReadAllText(baselinePath)) as JsonObject
            ?? throw new TesseraFormatException(baselinePath, null, "is not a JSON object");
        var all = AugmentBenchmark.Names(baseline);
        var names = settings.Transforms.Equals("all", StringComparison.OrdinalIgnoreCase)
            ? all
            : settings.Transforms.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var photoFolder = AugmentBenchInputs.FindPhotoFolder(settings.Photos);
        var fallback = FallbackPhotos(baselinePath);
        var inputs = photoFolder is not null
            ? $"{settings.Size}x{settings.Size} crops of the scikit-image photos in {photoFolder}"
            : $"{settings.Size}x{settings.Size} crops of the augment fixture input photos (scikit-image data folder not found)";
        var images = AugmentBenchInputs.Make(photoFolder, fallback, settings.Size, settings.Images, 0);
        List<AugmentBenchRow> rows = [];
        console.Err.Status().Start("timing", ctx =>
        {
            rows = AugmentBenchmark.Run(baseline, names.ToList(), images, settings.Repeat, settings.Workers, settings.BatchAll, clock,
                n => ctx.Status($"timing {Markup.Escape(n)}"), cancellationToken);
        });
        var table = new Table().AddColumns("transform", clock == BenchClock.Cpu ? "Tessera img/s (CPU time)" : "Tessera img/s", "albumentations img/s (stored)", "ratio", "KiB/img", "batch img/s");
        foreach (var r in rows)
        {
            table.AddRow(Markup.Escape(r.Name),
                r.ImagesPerSecond is { } t ? t.ToString("F0", CultureInfo.InvariantCulture) : "[grey]not in catalogue[/]",
                r.Baseline?.ToString("F0", CultureInfo.InvariantCulture) ?? "-",
                r.Ratio is { } q ? (q >= 1 ? "[green]" : "[red]") + q.ToString("F2", CultureInfo.InvariantCulture) + "×[/]" : "-",
                r.BytesPerImage is { } b ? (b / 1024).ToString("F0", CultureInfo.InvariantCulture) : "-",
                r.BatchImagesPerSecond is { } bt ? $"{bt.ToString("F0", CultureInfo.InvariantCulture)} ({r.BatchSpeedup!.Value.ToString("F2", CultureInfo.InvariantCulture)}× on {settings.Workers})" : "-");
        }
        console.Info($"inputs: {inputs}; albumentations figures are the stored ones from {baselinePath}, not measured in this run.");
        var json = AugmentBenchmark.ToJson(rows, baseline, settings.Size, settings.Images, settings.Repeat, settings.Workers, inputs, clock)
            .ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        if (settings.Json)
        {
            console.Data(json);
        }
        else
        {
            console.Out.Write(table);
        }
        if (settings.Out is not null)
        {
            AtomicFile.WriteAllText(settings.Out, json);
            console.Info($"wrote {settings.Out}");
        }
        return 0;
    }

    private static List<string> FallbackPhotos(string baselinePath)
    {
        var inputs = Path.Combine(Path.GetDirectoryName(baselinePath)!, "..", "fixtures", "augment", "inputs");
        string[] names = ["astronaut_200x300.png", "chelsea_181x257.png", "coffee_149x211.png", "rocket_181x257.png"];
        return names.Select(n => Path.Combine(inputs, n)).Where(File.Exists).ToList();
    }
}
