using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Cli;
using Tessera.Augment.Color;
using Tessera.Augment.Geometric;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Targets;
using Tessera.Cli.Hosting;
using Tessera.Core.Errors;
using Tessera.Data.Streaming;
using Tessera.Data.World;
using Tessera.Nn.Models.Vit;
using Tessera.World.Models;
using TorchSharp;

namespace Tessera.Cli.Areas.World;

/// <summary>
/// <c>tessera bench world</c>: how fast the shapes world is generated (scenes with every annotation, one thread and all
/// threads), and whether a tiny-ViT training step ever waits on data when <see cref="BatchLoader"/> generates and augments
/// the batches (a real albumentations-style pipeline from Tessera.Augment) on worker threads.
/// </summary>
internal sealed class BenchWorldCommand(CliConsole console) : Command<BenchWorldCommand.Settings>
{
    /// <summary>Arguments of <c>bench world</c>.</summary>
    internal sealed class Settings : SeededSettings
    {
        /// <summary>Scenes to generate.</summary>
        [CommandOption("--count <N>")]
        [DefaultValue(1000)]
        [Description("Scenes generated for the generation timing (all annotations).")]
        public int Count { get; init; } = 1000;

        /// <summary>Scene side for the generation timing.</summary>
        [CommandOption("--size <S>")]
        [DefaultValue(128)]
        [Description("Side of the generated scenes for the generation timing.")]
        public int Size { get; init; } = 128;

        /// <summary>Training steps.</summary>
        [CommandOption("--steps <N>")]
        [DefaultValue(20)]
        [Description("Tiny-ViT training steps for the data-wait measurement (0 skips it).")]
        public int Steps { get; init; } = 20;

        /// <summary>Batch size.</summary>
        [CommandOption("--batch <B>")]
        [DefaultValue(64)]
        [Description("Images per training step.")]
        public int Batch { get; init; } = 64;

        /// <summary>JSON output.</summary>
        [CommandOption("--json")]
        [Description("Print the figures as JSON on stdout.")]
        public bool Json { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Guard.That(settings.Count >= 1 && settings.Count <= 100_000, "--count", $"must be in 1..100000 (got {settings.Count})");
        Guard.That(settings.Size >= 16 && settings.Size <= 1024, "--size", $"must be in 16..1024 (got {settings.Size})");
        Guard.That(settings.Steps >= 0 && settings.Steps <= 10_000, "--steps", $"must be in 0..10000 (got {settings.Steps})");
        Guard.That(settings.Batch >= 1 && settings.Batch <= 1024, "--batch", $"must be in 1..1024 (got {settings.Batch})");
        Guard.That(settings.Workers >= 1 && settings.Workers <= 64, "--workers", $"must be in 1..64 (got {settings.Workers})");
        var inv = CultureInfo.InvariantCulture;
        var result = new JsonObject
        {
            ["load_average"] = LoadAverage.Read() ?? "unavailable",
            ["processors"] = Environment.ProcessorCount,
        };

        var domains = new JsonObject();
        foreach (var domain in WorldDomains.All.Values)
        {
            var world = new ShapesWorld(new WorldOptions { Domain = domain, Size = settings.Size, Seed = settings.Seed });
            _ = world.Generate(0, 8, 1, cancellationToken); // warm-up
            var one = Time(() => world.Generate(0, settings.Count, 1, cancellationToken));
            var all = Time(() => world.Generate(0, settings.Count, -1, cancellationToken));
            console.Info($"bench world: {domain.Name}: {settings.Count} scenes in {one:F2} s (1 thread), {all:F2} s (all threads)");
            domains[domain.Name] = new JsonObject
            {
                ["seconds_one_thread"] = Math.Round(one, 6),
                ["seconds_all_threads"] = Math.Round(all, 6),
                ["scenes_per_second_all_threads"] = Math.Round(settings.Count / Math.Max(all, 1e-9), 1),
            };
        }
        result["generation"] = new JsonObject { ["scenes"] = settings.Count, ["size"] = settings.Size, ["domains"] = domains };

        if (settings.Steps > 0)
        {
            result["data_wait"] = MeasureDataWait(settings, cancellationToken);
        }

        if (settings.Json)
        {
            console.Data(result.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }
        var table = new Table().AddColumns("what", "value");
        table.AddRow("load average at start", result["load_average"]!.ToString());
        foreach (var (name, node) in domains)
        {
            table.AddRow(Markup.Escape($"generate {settings.Count} × {settings.Size}² {name}"),
                string.Create(inv, $"{node!["seconds_one_thread"]} s one thread, {node["seconds_all_threads"]} s all threads"));
        }
        if (result["data_wait"] is JsonObject wait)
        {
            table.AddRow("training steps timed", wait["steps"]!.ToString());
            table.AddRow("mean step compute (s)", wait["step_seconds_mean"]!.ToString());
            table.AddRow("mean wait for the next batch (s)", wait["wait_seconds_mean"]!.ToString());
            table.AddRow("wait share of the loop", wait["wait_share"]!.ToString());
            table.AddRow("same batches generated inline on the training thread (s/batch)", wait["inline_seconds_per_batch"]!.ToString());
        }
        console.Out.Write(table);
        return 0;
    }

    /// <summary>Tiny-ViT steps fed by <see cref="BatchLoader"/> (generation + flip + brightness/contrast on workers).</summary>
    private JsonObject MeasureDataWait(Settings settings, CancellationToken cancellationToken)
    {
        torch.set_num_threads(1);
        var world = new ShapesWorld(new WorldOptions { Domain = WorldDomains.Classify, Size = WorldModels.ImageSize, Seed = settings.Seed });
        var pipeline = new Compose([new HorizontalFlip(p: 0.5), new RandomBrightnessContrast(p: 0.5)]);
        (byte[] Pixels, long Label) Load(int index, Tessera.Core.Random.IRandom random)
        {
            var scene = world.Generate(index);
            using var sample = pipeline.Apply(new Sample { Image = scene.ToImage() }, random);
            return (sample.Image!.Pixels<byte>().ToArray(), scene.Objects[0].ShapeColorClass);
        }

        torch.manual_seed((long)(settings.Seed % long.MaxValue));
        using var model = new VisionTransformer(WorldModels.VitConfig);
        model.train();
        using var optimizer = torch.optim.AdamW(model.parameters(), 1e-3);
        var side = WorldModels.ImageSize;
        var options = new BatchLoaderOptions { BatchSize = settings.Batch, Workers = settings.Workers, Prefetch = 4, Seed = settings.Seed };
        var waits = new List<double>();
        var steps = new List<double>();
        var watch = Stopwatch.StartNew();
        using var batches = BatchLoader.Epoch(settings.Batch * (settings.Steps + 1), Load, options, 0, null, cancellationToken).GetEnumerator();
        for (var step = 0; step <= settings.Steps; step++)
        {
            watch.Restart();
            if (!batches.MoveNext()) { break; }
            var wait = watch.Elapsed.TotalSeconds;
            var batch = batches.Current;
            watch.Restart();
            using (var scope = torch.NewDisposeScope())
            {
                var images = WorldTensors.Images(batch.Samples.Count, side, side, i => batch.Samples[i].Pixels, model.Config.Mean, model.Config.Std);
                var labels = torch.tensor(batch.Samples.Select(s => s.Label).ToArray());
                var loss = torch.nn.functional.cross_entropy(model.forward(images), labels);
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
            }
            var compute = watch.Elapsed.TotalSeconds;
            if (step > 0) // step 0 includes the loader's start-up and libtorch's first-call costs
            {
                waits.Add(wait);
                steps.Add(compute);
            }
            console.Info(string.Create(CultureInfo.InvariantCulture, $"bench world: step {step}/{settings.Steps}: waited {wait:F3} s, computed {compute:F3} s"));
        }
        var inline = Time(() =>
        {
            for (var i = 0; i < settings.Batch; i++) { _ = Load(i, new Tessera.Core.Random.SeededRandom(settings.Seed, (ulong)i)); }
        });
        return new JsonObject
        {
            ["model"] = "world-vit-tiny architecture (fresh weights), 1 torch thread, AdamW",
            ["loader"] = $"BatchLoader: {settings.Workers} workers, prefetch 4; classify scenes at {side}² + HorizontalFlip + RandomBrightnessContrast",
            ["batch"] = settings.Batch,
            ["steps"] = steps.Count,
            ["step_seconds_mean"] = Math.Round(steps.Count == 0 ? 0 : steps.Average(), 4),
            ["wait_seconds_mean"] = Math.Round(waits.Count == 0 ? 0 : waits.Average(), 4),
            ["wait_seconds_max"] = Math.Round(waits.Count == 0 ? 0 : waits.Max(), 4),
            ["wait_share"] = Math.Round(waits.Sum() / Math.Max(1e-9, waits.Sum() + steps.Sum()), 4),
            ["inline_seconds_per_batch"] = Math.Round(inline, 4),
        };
    }

    private static double Time(Action action)
    {
        var sw = Stopwatch.StartNew();
        action();
        return sw.Elapsed.TotalSeconds;
    }

    private static double Time<T>(Func<T> action) => Time(() => { _ = action(); });
}
