using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Cli;
using Tessera.Cli.Hosting;
using Tessera.Core.Progress;
using Tessera.World.Pretraining;

namespace Tessera.Cli.Areas.World;

/// <summary>
/// <c>tessera world pretrain --model vit|clip --out DIR [--steps N] [--seed S] [--batch B] [--lr LR] [--threads T] [--vocab FILE]</c>:
/// pretrains a world model on CPU; progress on stderr; a resumable checkpoint every 50 steps (run the same command again to
/// resume); Ctrl-C stops after the current step with a checkpoint (exit 130).
/// </summary>
internal sealed class WorldPretrainCommand(CliConsole console) : Command<WorldPretrainCommand.Settings>
{
    /// <summary>Arguments of <c>world pretrain</c>.</summary>
    internal sealed class Settings : CommonSettings
    {
        /// <summary>Model kind.</summary>
        [CommandOption("--model <KIND>", isRequired: true)]
        [Description("vit (shape × colour classifier) or clip (image-text contrastive).")]
        public string Model { get; init; } = "";

        /// <summary>Output folder.</summary>
        [CommandOption("-o|--out <DIR>", isRequired: true)]
        [Description("Model folder: model.safetensors, card.md, card.json, metrics.csv, loss.png (+ vocab.json, merges.txt for clip); training/ holds the resumable state.")]
        public string Out { get; init; } = "";

        /// <summary>Steps.</summary>
        [CommandOption("--steps <N>")]
        [Description("Optimizer steps (shipped models: vit 4000, clip 3000).")]
        [DefaultValue(700)]
        public int Steps { get; init; } = 700;

        /// <summary>Seed.</summary>
        [CommandOption("--seed <N>")]
        [Description("Seed of data, initialisation and trainer.")]
        [DefaultValue(1UL)]
        public ulong Seed { get; init; } = 1;

        /// <summary>Batch size.</summary>
        [CommandOption("--batch <B>")]
        [Description("Images per step.")]
        [DefaultValue(64)]
        public int Batch { get; init; } = 64;

        /// <summary>Learning rate.</summary>
        [CommandOption("--lr <LR>")]
        [Description("Peak AdamW learning rate.")]
        [DefaultValue(1e-3)]
        public double LearningRate { get; init; } = 1e-3;

        /// <summary>Torch threads.</summary>
        [CommandOption("--threads <T>")]
        [Description("libtorch threads (1 is fastest on a busy 2-core machine).")]
        [DefaultValue(1)]
        public int Threads { get; init; } = 1;

        /// <summary>Held-out scenes.</summary>
        [CommandOption("--eval-count <N>")]
        [Description("Held-out scenes for the card's metrics.")]
        [DefaultValue(1000)]
        public int EvalCount { get; init; } = 1000;

        /// <summary>CLIP vocabulary.</summary>
        [CommandOption("--vocab <FILE>")]
        [Description("clip only: CLIP's bpe_simple_vocab_16e6.txt.gz, or a folder with merges.txt (e.g. models/world-clip-tiny).")]
        public string? Vocab { get; init; }

        /// <summary>Print JSON.</summary>
        [CommandOption("--json")]
        [Description("Print the result (steps, seconds, metrics) as JSON on stdout.")]
        public bool Json { get; init; }

        /// <inheritdoc />
        public override ValidationResult Validate()
        {
            if (Model is not ("vit" or "clip")) { return ValidationResult.Error($"--model must be vit or clip (got '{Model}')"); }
            if (Model == "clip" && Vocab is null) { return ValidationResult.Error("--vocab is required for --model clip (CLIP's bpe_simple_vocab_16e6.txt.gz or models/world-clip-tiny)"); }
            return ValidationResult.Success();
        }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var options = new WorldPretrainOptions
        {
            Model = settings.Model == "vit" ? WorldModelKind.Vit : WorldModelKind.Clip,
            OutputDirectory = settings.Out,
            Steps = settings.Steps,
            Seed = settings.Seed,
            BatchSize = settings.Batch,
            LearningRate = settings.LearningRate,
            Threads = settings.Threads,
            EvaluationCount = settings.EvalCount,
            VocabularySource = settings.Vocab,
            Command = "tessera world pretrain " + string.Join(' ', context.Arguments.SkipWhile(a => a != "pretrain").Skip(1)),
        };
        // The library's own limits (WorldPretrainOptions.Validate), named by the options that set them.
        OptionNames.Apply(options.Validate, ("Steps", "--steps"), ("BatchSize", "--batch"), ("LearningRate", "--lr"),
            ("Threads", "--threads"), ("EvaluationCount", "--eval-count"), ("OutputDirectory", "--out"), ("VocabularySource", "--vocab"));
        WorldPretrainResult? result = null;
        console.Err.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask($"pretrain {settings.Model}", maxValue: settings.Steps);
                result = WorldPretraining.Run(options, new SyncProgress<ProgressReport>(p =>
                {
                    if (p.Stage.StartsWith("epoch", StringComparison.Ordinal))
                    {
                        task.Value = p.Done;
                        task.Description = Markup.Escape($"pretrain {settings.Model} · {p.Detail}");
                    }
                    else
                    {
                        task.Description = Markup.Escape($"pretrain {settings.Model} · {p.Stage}");
                    }
                }), cancellationToken);
            });
        var r = result!;
        if (r.Cancelled)
        {
            console.Info($"cancelled at step {r.Steps}; run the same command again to resume from {Path.Combine(settings.Out, "training")}");
            return ExitCodes.Cancelled;
        }
        LossPlot.Write(Path.Combine(settings.Out, LossPlot.FileName), r.StepMetrics);
        var metrics = string.Join(", ", r.Metrics.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value:0.###}")));
        console.Info(string.Create(CultureInfo.InvariantCulture, $"{r.Steps} steps in {r.WallSeconds:0} s → {r.WeightsPath}; {metrics}"));
        if (settings.Json)
        {
            console.Data(new JsonObject
            {
                ["steps"] = r.Steps, ["wall_seconds"] = Math.Round(r.WallSeconds, 1), ["resumed_from_step"] = r.ResumedFromStep, ["weights"] = r.WeightsPath,
                ["metrics"] = new JsonObject([.. r.Metrics.Select(kv => new KeyValuePair<string, JsonNode?>(kv.Key, Math.Round(kv.Value, 4)))]),
            }.ToJsonString());
        }
        return ExitCodes.Ok;
    }
}
