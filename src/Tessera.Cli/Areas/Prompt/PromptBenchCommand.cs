using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console.Cli;
using Tessera.Cli.Areas.Prompt.Bench;
using Tessera.Cli.Hosting;
using Tessera.Core.Errors;
using Tessera.Prompting.Methods;
using Tessera.World.Models;

namespace Tessera.Cli.Areas.Prompt;

/// <summary>
/// <c>tessera prompt bench --out DIR [--datasets …] [--methods …] [--shots 1,2,4,8,16] [--seeds 3] [--max-steps 40]</c>:
/// the results table of docs/prompting.md on the shipped tiny ViT and CLIP.
/// </summary>
internal sealed class PromptBenchCommand(CliConsole console) : Command<PromptBenchCommand.Settings>
{
    /// <summary>Arguments of <c>prompt bench</c>.</summary>
    internal sealed class Settings : CommonSettings
    {
        /// <summary>Output folder.</summary>
        [CommandOption("-o|--out <DIR>", isRequired: true)]
        [Description("Folder for results.json, results.md and bench-TASK.png.")]
        public string Out { get; init; } = "";

        /// <summary>Models folder.</summary>
        [CommandOption("--models <DIR>")]
        [Description("Folder holding world-vit-tiny and world-clip-tiny (default: the repository's models folder).")]
        public string? Models { get; init; }

        /// <summary>Bench tasks.</summary>
        [CommandOption("--datasets <NAMES>")]
        [Description("Comma-separated bench tasks: mnist, domain, labels, counting.")]
        [DefaultValue("mnist,domain,labels,counting")]
        public string Datasets { get; init; } = "mnist,domain,labels,counting";

        /// <summary>Methods.</summary>
        [CommandOption("--methods <NAMES>")]
        [Description("Comma-separated methods (linear, full, bitfit, vpt-shallow, vpt-deep on the ViT; zero-shot, coop, pad, fixed-patch, random-patch on the CLIP).")]
        [DefaultValue("linear,full,bitfit,vpt-shallow,vpt-deep,zero-shot,coop,pad")]
        public string Methods { get; init; } = "linear,full,bitfit,vpt-shallow,vpt-deep,zero-shot,coop,pad";

        /// <summary>Shots.</summary>
        [CommandOption("--shots <LIST>")]
        [Description("Comma-separated training images per class.")]
        [DefaultValue("1,2,4,8,16")]
        public string Shots { get; init; } = "1,2,4,8,16";

        /// <summary>Seeds.</summary>
        [CommandOption("--seeds <N>")]
        [Description("Seeds per setting (few-shot draw and initialisation).")]
        [DefaultValue(3)]
        public int Seeds { get; init; } = 3;

        /// <summary>Steps.</summary>
        [CommandOption("--max-steps <N>")]
        [Description("Optimizer steps per model.")]
        [DefaultValue(40)]
        public int MaxSteps { get; init; } = 40;

        /// <summary>Batch.</summary>
        [CommandOption("--batch <B>")]
        [DefaultValue(16)]
        public int Batch { get; init; } = 16;

        /// <summary>Learning-rate multiplier.</summary>
        [CommandOption("--lr-scale <X>")]
        [Description("Multiplier on every method's default AdamW learning rate (a sensitivity check).")]
        [DefaultValue(1.0)]
        public double LrScale { get; init; } = 1.0;

        /// <summary>Torch threads.</summary>
        [CommandOption("--threads <N>")]
        [Description("Torch intra-op threads (1 = one machine slot).")]
        [DefaultValue(1)]
        public int Threads { get; init; } = 1;

        /// <summary>Test images.</summary>
        [CommandOption("--test-count <N>")]
        [Description("Test images per bench task.")]
        [DefaultValue(300)]
        public int TestCount { get; init; } = 300;
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var tasks = Split(settings.Datasets);
        foreach (var t in tasks) { Guard.That(PromptBenchSet.Names.Contains(t), "--datasets", $"unknown bench task '{t}' (known: {string.Join(", ", PromptBenchSet.Names)})"); }
        var methods = Split(settings.Methods);
        foreach (var m in methods) { PromptMethods.Parse(m, "--methods"); }
        var shots = new List<int>();
        foreach (var s in Split(settings.Shots))
        {
            Guard.That(int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k >= 1 && k <= 48, "--shots", $"must list integers in [1, 48] (got '{s}')");
            shots.Add(k);
        }
        Guard.That(shots.Count > 0 && tasks.Count > 0 && methods.Count > 0, "--shots", "shots, datasets and methods must not be empty");
        Guard.That(settings.Seeds >= 1, "--seeds", $"must be ≥ 1 (got {settings.Seeds})");
        Guard.That(settings.MaxSteps >= 1, "--max-steps", $"must be ≥ 1 (got {settings.MaxSteps})");
        Guard.That(settings.Batch >= 1, "--batch", $"must be ≥ 1 (got {settings.Batch})");
        Guard.That(settings.TestCount >= 1, "--test-count", $"must be ≥ 1 (got {settings.TestCount})");
        var models = settings.Models ?? WorldModels.FindModelsDirectory();
        Guard.That(models is not null && Directory.Exists(Path.Combine(models, WorldModels.VitFolder)) && Directory.Exists(Path.Combine(models, WorldModels.ClipFolder)),
            "--models", $"must be a folder holding {WorldModels.VitFolder} and {WorldModels.ClipFolder} (got '{models ?? "none found"}')");
        var options = new PromptBenchOptions
        {
            ModelsDirectory = models!, Tasks = [.. shots.Count > 0 ? tasks : []], Methods = methods, Shots = [.. shots.Distinct().Order()],
            Seeds = settings.Seeds, Steps = settings.MaxSteps, LrScale = settings.LrScale, Batch = settings.Batch, TestCount = settings.TestCount,
        };
        Guard.That(settings.LrScale > 0 && double.IsFinite(settings.LrScale), "--lr-scale", $"must be a positive number (got {settings.LrScale})");
        Guard.That(settings.Threads >= 1, "--threads", $"must be ≥ 1 (got {settings.Threads})");
        Tessera.Nn.Runtime.TorchRuntime.EnsureLoaded();
        TorchSharp.torch.set_num_threads(settings.Threads);
        var load = LoadAverage.OneMinute() ?? "?";
        var sw = Stopwatch.StartNew();
        var runs = PromptBenchRunner.Run(options, console.Info, cancellationToken);
        var wall = sw.Elapsed.TotalSeconds;
        var descriptions = tasks.ToDictionary(t => t, t => PromptBenchSet.Describe(t));
        var record = new
        {
            datasets = tasks, methods, shots = options.Shots, seeds = settings.Seeds, max_steps = settings.MaxSteps, batch = settings.Batch,
            test_count = settings.TestCount, lr_scale = settings.LrScale, wall_seconds = wall, load_average_before = load, load_average_after = LoadAverage.OneMinute() ?? "?",
            torch_threads = TorchSharp.torch.get_num_threads(),
        };
        PromptBenchReport.Write(settings.Out, runs, methods, options.Shots, descriptions, record);
        console.Info(string.Create(CultureInfo.InvariantCulture, $"{runs.Count} models in {wall:F0} s → {settings.Out} (results.md, results.json, bench-*.png)"));
        console.Data(PromptBenchReport.Markdown(runs, methods, options.Shots, descriptions));
        return 0;
    }

    private static List<string> Split(string text) => [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

}
