using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Spectre.Console.Cli;
using Tessera.Core.Errors;
using Tessera.Nn.Models.Vit;
using Tessera.Prompting.Vpt;
using Tessera.Cli.Hosting;
using TorchSharp;

namespace Tessera.Cli.Areas.Prompt;

/// <summary>
/// <c>tessera prompt serve-bench [--tasks K] [--batch B] [--vit NAME] [--tokens T] [--runs R] [--json]</c>: images/s of
/// batches that mix K VPT-deep tasks on one backbone versus batches of one task, same batch size (random weights).
/// </summary>
internal sealed class PromptServeBenchCommand(CliConsole console) : Command<PromptServeBenchCommand.Settings>
{
    /// <summary>Arguments of <c>prompt serve-bench</c>.</summary>
    internal sealed class Settings : CommonSettings
    {
        /// <summary>Tasks.</summary>
        [CommandOption("--tasks <K>")]
        [DefaultValue(8)]
        public int Tasks { get; init; } = 8;

        /// <summary>Batch size.</summary>
        [CommandOption("--batch <B>")]
        [DefaultValue(32)]
        public int Batch { get; init; } = 32;

        /// <summary>Architecture.</summary>
        [CommandOption("--vit <NAME>")]
        [Description("ViT architecture (random weights): tiny, vit_base_patch16_224, …")]
        [DefaultValue("tiny")]
        public string Vit { get; init; } = "tiny";

        /// <summary>Prompt tokens.</summary>
        [CommandOption("--tokens <T>")]
        [DefaultValue(10)]
        public int Tokens { get; init; } = 10;

        /// <summary>Timed runs.</summary>
        [CommandOption("--runs <R>")]
        [DefaultValue(5)]
        public int Runs { get; init; } = 5;

        /// <summary>JSON output.</summary>
        [CommandOption("--json")]
        [Description("Print JSON on stdout.")]
        public bool Json { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Guard.That(settings.Tasks >= 1, "--tasks", $"must be ≥ 1 (got {settings.Tasks})");
        Guard.That(settings.Batch >= 1, "--batch", $"must be ≥ 1 (got {settings.Batch})");
        Guard.That(settings.Runs >= 1, "--runs", $"must be ≥ 1 (got {settings.Runs})");
        if (!VitConfig.Variants.TryGetValue(settings.Vit, out var config))
        {
            throw new TesseraArgumentException("--vit", $"must be one of {string.Join(", ", VitConfig.Variants.Keys)} (got '{settings.Vit}')");
        }
        torch.manual_seed(0);
        using var vit = new VisionTransformer(config with { NumClasses = 0 });
        vit.eval();
        var tasks = Enumerable.Range(0, settings.Tasks)
            .Select(i => new VptClassifier(vit, config.ImageSize, 10, new VptOptions { NumTokens = settings.Tokens, Deep = true }, seed: i)).ToList();
        try
        {
            var server = new VptTaskServer(vit);
            foreach (var t in tasks) { t.eval(); server.Add(t); }
            using var images = torch.randn(settings.Batch, 3, config.ImageSize, config.ImageSize);
            var mixedIds = Enumerable.Range(0, settings.Batch).Select(i => i % settings.Tasks).ToArray();
            var singleIds = new int[settings.Batch];
            using var noGrad = torch.no_grad();
            double Time(int[] ids)
            {
                foreach (var t in server.Predict(images, ids)) { t.Dispose(); } // warm-up
                var best = double.MaxValue;
                for (var r = 0; r < settings.Runs; r++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var sw = Stopwatch.StartNew();
                    foreach (var t in server.Predict(images, ids)) { t.Dispose(); }
                    best = Math.Min(best, sw.Elapsed.TotalSeconds);
                }
                return settings.Batch / best;
            }
            var single = Time(singleIds);
            var mixed = Time(mixedIds);
            var load = LoadAverage.OneMinute() ?? "?";
            if (settings.Json)
            {
                console.Data(JsonSerializer.Serialize(new { vit = settings.Vit, tasks = settings.Tasks, batch = settings.Batch, single_images_per_s = single, mixed_images_per_s = mixed, ratio = mixed / single, load_average = load }));
            }
            else
            {
                console.Data(string.Format(CultureInfo.InvariantCulture, "{0}, batch {1}: single task {2:F1} img/s, {3} mixed tasks {4:F1} img/s, ratio {5:F2} (load average {6})",
                    settings.Vit, settings.Batch, single, settings.Tasks, mixed, mixed / single, load));
            }
        }
        finally
        {
            foreach (var t in tasks) { t.Dispose(); }
        }
        return 0;
    }
}
