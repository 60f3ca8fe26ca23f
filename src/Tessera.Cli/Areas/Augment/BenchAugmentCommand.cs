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

/// <summary>
/// <c>tessera bench augment</c>: images per second of each transform vs albumentations 1.3.1, timed in the same run
/// (<c>--albumentations</c>, interleaved per transform) or from the stored figures.
/// </summary>
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

        /// <summary>Time albumentations in the same run.</summary>
        [CommandOption("--albumentations")]
        [Description("Also time albumentations itself in the same run, interleaved per transform on the same images (needs its source: --albumentations-src or ALBUMENTATIONS_SRC, and Debian's python3-opencv, python3-scipy, python3-skimage, python3-yaml); ratios are then same-run.")]
        public bool Albumentations { get; init; }

        /// <summary>albumentations source folder.</summary>
        [CommandOption("--albumentations-src <DIR>")]
        [Description("Folder holding the albumentations 1.3.1 package (qudida beside it is found too); default: the ALBUMENTATIONS_SRC environment variable.")]
        public string? AlbumentationsSource { get; init; }

        /// <summary>Interpreter for --albumentations.</summary>
        [CommandOption("--python <PATH>")]
        [Description("Python interpreter for --albumentations.")]
        [DefaultValue("/usr/bin/python3")]
        public string Python { get; init; } = "/usr/bin/python3";

        /// <summary>CPU of the single-thread timing.</summary>
        [CommandOption("--pin-cpu <N>")]
        [Description("Run the single-thread timing on this CPU only (Linux): Tessera's timing thread and, with --albumentations, the albumentations process, so both sides use the same core (the cores of a virtual machine need not be equally fast); the batch mode still uses every CPU. -1 = let the scheduler choose.")]
        [DefaultValue(-1)]
        public int PinCpu { get; init; } = -1;

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
        Guard.That(settings.PinCpu >= -1 && settings.PinCpu < Environment.ProcessorCount, "--pin-cpu",
            $"must be -1 or a CPU number in [0, {Environment.ProcessorCount - 1}]");
        Guard.That(settings.PinCpu == -1 || ThreadAffinity.IsSupported, "--pin-cpu", "is supported on Linux only");
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
        var source = settings.Albumentations
            ? AlbumentationsTimer.CheckSource(settings.AlbumentationsSource ?? (Environment.GetEnvironmentVariable("ALBUMENTATIONS_SRC") is { Length: > 0 } env ? env : null))
            : null;
        if (!settings.Albumentations && settings.AlbumentationsSource is not null)
        {
            throw new TesseraArgumentException("--albumentations-src", "is used only with --albumentations");
        }
        var serialized = (JsonObject)baseline["transforms_serialized"]!;
        foreach (var n in names)
        {
            Guard.That(serialized.ContainsKey(n), "--transforms", $"unknown name {n}; the baseline has {string.Join(", ", all)}");
        }
        var images = AugmentBenchInputs.Make(photoFolder, fallback, settings.Size, settings.Images, 0);
        var loadAtStart = AugmentBenchmark.LoadAverage();
        List<AugmentBenchRow> rows = [];
        JsonObject? peerVersions = null;
        console.Err.Status().Start("timing", ctx =>
        {
            AlbumentationsTimer? peer = null;
            try
            {
                // pinned before the albumentations process starts: it inherits this thread's CPU
                if (settings.PinCpu >= 0 && !ThreadAffinity.Pin(settings.PinCpu))
                {
                    throw new TesseraArgumentException("--pin-cpu", $"the kernel refused to run this thread on CPU {settings.PinCpu}");
                }
                if (source is not null)
                {
                    ctx.Status("starting albumentations");
                    var wanted = new JsonObject();
                    foreach (var n in names.Distinct(StringComparer.Ordinal))
                    {
                        wanted[n] = serialized[n]!.DeepClone();
                    }
                    peer = AlbumentationsTimer.Start(settings.Python, source, images, wanted, AugmentBenchmark.MinRepeatSeconds, cancellationToken);
                    peerVersions = peer.Versions;
                }
                rows = AugmentBenchmark.Run(baseline, names.ToList(), images, settings.Repeat, settings.Workers, settings.BatchAll, clock, peer,
                    n => ctx.Status($"timing {Markup.Escape(n)}"), cancellationToken, settings.PinCpu);
            }
            finally
            {
                peer?.Dispose();
                if (settings.PinCpu >= 0)
                {
                    ThreadAffinity.Unpin();
                }
            }
        });
        var peerColumn = peerVersions is null ? "albumentations img/s (stored)" : "albumentations img/s (same run)";
        var table = new Table().AddColumns("transform", clock == BenchClock.Cpu ? "Tessera img/s (CPU time)" : "Tessera img/s", peerColumn, "ratio", "KiB/img", "batch img/s");
        foreach (var r in rows)
        {
            table.AddRow(Markup.Escape(r.Name),
                r.ImagesPerSecond is { } t ? t.ToString("F0", CultureInfo.InvariantCulture) : "[grey]not in catalogue[/]",
                (peerVersions is null ? r.Baseline : r.PeerImagesPerSecond)?.ToString("F0", CultureInfo.InvariantCulture) ?? "-",
                r.Ratio is { } q ? (q >= 1 ? "[green]" : "[red]") + q.ToString("F2", CultureInfo.InvariantCulture) + "×[/]" : "-",
                r.BytesPerImage is { } b ? (b / 1024).ToString("F0", CultureInfo.InvariantCulture) : "-",
                r.BatchImagesPerSecond is { } bt ? BatchCell(bt, r, settings.Workers) : "-");
        }
        console.Info(peerVersions is null
            ? $"inputs: {inputs}; albumentations figures are the stored ones from {baselinePath}, not measured in this run."
            : $"inputs: {inputs}; albumentations {peerVersions["albumentations"]} (OpenCV {peerVersions["opencv"]}, NumPy {peerVersions["numpy"]}, Python {peerVersions["python"]}) timed in this run, interleaved per transform; ratio = median of {settings.Repeat} rounds each; load average {loadAtStart} at the start, {AugmentBenchmark.LoadAverage()} at the end.");
        var json = AugmentBenchmark.ToJson(rows, baseline, settings.Size, settings.Images, settings.Repeat, settings.Workers, inputs, clock, peerVersions, loadAtStart, settings.PinCpu)
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

    /// <summary>Batch throughput with its speed-up over the single-thread figure and, where measured, over one thread per CPU.</summary>
    private static string BatchCell(double imagesPerSecond, AugmentBenchRow row, int workers)
    {
        var c = CultureInfo.InvariantCulture;
        var cell = $"{imagesPerSecond.ToString("F0", c)} ({row.BatchSpeedup!.Value.ToString("F2", c)}× on {workers}";
        return row.BatchSpeedupPerCpuMean is { } m
            ? $"{cell}; {m.ToString("F2", c)}× one thread per CPU: {string.Join(" / ", row.SingleThreadPerCpu.Select(x => x.ToString("F0", c)))})"
            : cell + ")";
    }

    private static List<string> FallbackPhotos(string baselinePath)
    {
        var inputs = Path.Combine(Path.GetDirectoryName(baselinePath)!, "..", "fixtures", "augment", "inputs");
        string[] names = ["astronaut_200x300.png", "chelsea_181x257.png", "coffee_149x211.png", "rocket_181x257.png"];
        return names.Select(n => Path.Combine(inputs, n)).Where(File.Exists).ToList();
    }
}
