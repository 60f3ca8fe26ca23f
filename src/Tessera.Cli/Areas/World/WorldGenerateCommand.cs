using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Cli;
using Tessera.Cli.Hosting;
using Tessera.Core.Progress;
using Tessera.Data.World;

namespace Tessera.Cli.Areas.World;

/// <summary><c>tessera world generate --domain D --count N --out DIR [--seed S] [--size PX] [--workers N] [--json]</c>.</summary>
internal sealed class WorldGenerateCommand(CliConsole console) : Command<WorldGenerateCommand.Settings>
{
    /// <summary>Arguments of <c>world generate</c>.</summary>
    internal sealed class Settings : SeededSettings
    {
        /// <summary>Domain name.</summary>
        [CommandOption("--domain <D>", isRequired: true)]
        [Description("Visual domain: classify, clean, cluttered, photo or night (tessera world info lists them).")]
        public string Domain { get; init; } = "";

        /// <summary>Scene count.</summary>
        [CommandOption("--count <N>", isRequired: true)]
        [Description("Number of scenes.")]
        public int Count { get; init; }

        /// <summary>Output folder.</summary>
        [CommandOption("-o|--out <DIR>", isRequired: true)]
        [Description("Output folder: images/, masks/semantic/ (palette PNG), masks/instances/, classification/, annotations.json (COCO), captions.json, referring.json, world.json.")]
        public string Out { get; init; } = "";

        /// <summary>Image side.</summary>
        [CommandOption("--size <PX>")]
        [Description("Image side in pixels (32-1024).")]
        [DefaultValue(128)]
        public int Size { get; init; } = 128;

        /// <summary>First sample index.</summary>
        [CommandOption("--start <I>")]
        [Description("First sample index (scene i depends only on seed, domain, size and i).")]
        [DefaultValue(0)]
        public int Start { get; init; }

        /// <summary>Print a JSON summary.</summary>
        [CommandOption("--json")]
        [Description("Print a JSON summary (domain, count, seconds, objects, files) on stdout.")]
        public bool Json { get; init; }

        /// <inheritdoc />
        public override ValidationResult Validate()
        {
            if (Count < 1) { return ValidationResult.Error("--count must be ≥ 1"); }
            if (Workers < 1) { return ValidationResult.Error("--workers must be ≥ 1"); }
            if (Start < 0) { return ValidationResult.Error("--start must be ≥ 0"); }
            return ValidationResult.Success();
        }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var world = new ShapesWorld(new WorldOptions { Domain = WorldDomains.Get(settings.Domain), Size = settings.Size, Seed = settings.Seed });
        var clock = Stopwatch.StartNew();
        console.Err.Progress().AutoClear(true).Start(ctx =>
        {
            var task = ctx.AddTask("generate", maxValue: settings.Count);
            WorldWriter.Write(world, settings.Count, settings.Out, settings.Start, settings.Workers,
                new SyncProgress<ProgressReport>(p => task.Value = p.Done), cancellationToken);
        });
        var seconds = clock.Elapsed.TotalSeconds;
        console.Info(string.Create(CultureInfo.InvariantCulture,
            $"{settings.Count} {world.Options.Domain.Name} scenes ({settings.Size}²) written to {settings.Out} in {seconds:0.00} s"));
        if (settings.Json)
        {
            console.Data(new JsonObject
            {
                ["domain"] = world.Options.Domain.Name, ["count"] = settings.Count, ["size"] = settings.Size, ["seed"] = settings.Seed,
                ["seconds"] = Math.Round(seconds, 3), ["out"] = settings.Out, ["photos"] = world.PhotoCount,
            }.ToJsonString());
        }
        return ExitCodes.Ok;
    }
}

/// <summary>An <see cref="IProgress{T}"/> that calls its handler on the reporting thread (no synchronisation context hop).</summary>
/// <typeparam name="T">The report type.</typeparam>
internal sealed class SyncProgress<T>(Action<T> handler) : IProgress<T>
{
    /// <inheritdoc />
    public void Report(T value) => handler(value);
}
