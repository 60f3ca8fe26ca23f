using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using Tessera.Core.Errors;
using Tessera.Core.Progress;
using Tessera.Dense.SegFix;
using Tessera.Nn.Runtime;
using Tessera.Nn.Training;
using TorchSharp;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Seg;

/// <summary>
/// <c>tessera segfix train (--data DIR | --synthetic N) --out DIR [--epochs E] [--seed S] [--workers W]</c>: trains the
/// SegFix network with the Tessera.Nn trainer (resumes from DIR's checkpoint) and exports <c>segfix.safetensors</c>.
/// </summary>
internal sealed class SegFixTrainCommand(CliConsole console) : Command<SegFixTrainCommand.Settings>
{
    /// <summary>Arguments of <c>segfix train</c>.</summary>
    internal sealed class Settings : SeededSettings
    {
        /// <summary>Dataset folder.</summary>
        [CommandOption("--data <DIR>")]
        [Description("Dataset folder with images/NAME.png|jpg and labels/NAME.png.")]
        public string? Data { get; init; }

        /// <summary>Synthetic scenes.</summary>
        [CommandOption("--synthetic <N>")]
        [Description("Train on N seeded synthetic scenes (shapes + street layouts, rendered to RGB) instead of --data.")]
        public int Synthetic { get; init; }

        /// <summary>Output folder.</summary>
        [CommandOption("-o|--out <DIR>", isRequired: true)]
        [Description("Output folder: checkpoint.safetensors (resume), metrics.csv, loss.png, segfix.safetensors.")]
        public string Out { get; init; } = "";

        /// <summary>Epochs.</summary>
        [CommandOption("--epochs <E>")]
        [Description("Epochs.")]
        [DefaultValue(30)]
        public int Epochs { get; init; } = 30;

        /// <summary>Batch size.</summary>
        [CommandOption("--batch <B>")]
        [Description("Samples per batch.")]
        [DefaultValue(8)]
        public int Batch { get; init; } = 8;

        /// <summary>Learning rate.</summary>
        [CommandOption("--lr <LR>")]
        [Description("Peak AdamW learning rate (cosine schedule).")]
        [DefaultValue(3e-3)]
        public double LearningRate { get; init; } = 3e-3;

        /// <summary>Scene height.</summary>
        [CommandOption("--height <H>")]
        [Description("Synthetic scene rows (or crop rows with --data).")]
        [DefaultValue(96)]
        public int Height { get; init; } = 96;

        /// <summary>Scene width.</summary>
        [CommandOption("--width <W>")]
        [Description("Synthetic scene columns (or crop columns with --data).")]
        [DefaultValue(128)]
        public int Width { get; init; } = 128;

        /// <summary>Model size.</summary>
        [CommandOption("--model <NAME>")]
        [Description("small (256-channel branches as openseg; default), compact (64) or tiny (tests).")]
        [DefaultValue("small")]
        public string Model { get; init; } = "small";

        /// <summary>Classes of a --data dataset.</summary>
        [CommandOption("--classes <N>")]
        [Description("Number of classes of the --data labels.")]
        [DefaultValue(19)]
        public int Classes { get; init; } = 19;

        /// <summary>Ignore label.</summary>
        [CommandOption("--ignore <LABEL>")]
        [Description("Ignore label of the --data labels.")]
        [DefaultValue(255)]
        public int Ignore { get; init; } = 255;

        /// <summary>Step limit.</summary>
        [CommandOption("--max-steps <N>")]
        [Description("Stop after N steps in total (resumable).")]
        public long? MaxSteps { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Guard.That((settings.Data is null) != (settings.Synthetic == 0), "--data", "give exactly one of --data DIR or --synthetic N");
        Guard.That(settings.Synthetic >= 0, "--synthetic", $"must be ≥ 0 (got {settings.Synthetic})");
        Guard.That(settings.Workers >= 1, "--workers", $"must be ≥ 1 (got {settings.Workers})");
        Guard.That(settings.Epochs >= 1, "--epochs", $"must be ≥ 1 (got {settings.Epochs})");
        Guard.That(settings.Batch >= 1, "--batch", $"must be ≥ 1 (got {settings.Batch})");
        Guard.That(settings.Height >= 32 && settings.Width >= 32, "--height", $"scenes/crops must be at least 32×32 (got {settings.Height}×{settings.Width})");
        var config = settings.Model switch
        {
            "small" => SegFixConfig.Small,
            "compact" => SegFixConfig.Compact,
            "tiny" => SegFixConfig.Tiny,
            _ => throw new TesseraArgumentException("--model", $"must be 'small', 'compact' or 'tiny' (got '{settings.Model}')"),
        };
        Directory.CreateDirectory(settings.Out);
        TorchRuntime.EnsureLoaded();
        torch.set_num_threads(settings.Workers);
        var inv = CultureInfo.InvariantCulture;
        IReadOnlyList<SegFixSample> samples = [];
        TrainingResult? result = null;
        string? weights = null;
        console.Err.Progress().AutoClear(false).Columns(
            new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn()).Start(ctx =>
        {
            var prep = ctx.AddTask("targets");
            var prepProgress = new Progress<ProgressReport>(r =>
            {
                prep.MaxValue = r.Total ?? 1;
                prep.Value = r.Done;
            });
            samples = settings.Data is not null
                ? SegFixData.Folder(settings.Data, ToOptions(settings), config, settings.Workers, prepProgress, cancellationToken)
                : SegFixData.Synthetic(settings.Synthetic, settings.Height, settings.Width, settings.Seed, config, settings.Workers, prepProgress, cancellationToken);
            prep.Value = prep.MaxValue;
            var steps = settings.MaxSteps ?? ((long)settings.Epochs * ((samples.Count + settings.Batch - 1) / settings.Batch));
            var train = ctx.AddTask("train", maxValue: Math.Max(1, steps));
            var trainProgress = new Progress<ProgressReport>(r =>
            {
                train.Value = Math.Min(r.Done, steps);
                train.Description = Markup.Escape($"train {r.Stage} · {r.Detail}");
            });
            torch.manual_seed(unchecked((long)settings.Seed));
            using var net = new SegFixNet(config);
            (result, weights) = SegFixTraining.Train(net, samples, new SegFixTrainingOptions
            {
                Epochs = settings.Epochs,
                BatchSize = settings.Batch,
                LearningRate = settings.LearningRate,
                Seed = settings.Seed,
                OutputDirectory = settings.Out,
                CropHeight = settings.Data is null ? null : settings.Height,
                CropWidth = settings.Data is null ? null : settings.Width,
                MaxSteps = settings.MaxSteps,
            }, trainProgress, cancellationToken);
            train.Value = train.MaxValue;
        });
        var r = result!;
        LossPlot.Write(Path.Combine(settings.Out, LossPlot.FileName), r.Metrics);
        var first = r.Metrics.Count > 0 ? r.Metrics.Take(Math.Min(10, r.Metrics.Count)).Average(m => m.Loss) : double.NaN;
        var last = r.Metrics.Count > 0 ? r.Metrics.TakeLast(Math.Min(10, r.Metrics.Count)).Average(m => m.Loss) : double.NaN;
        console.Info(string.Format(inv, "{0} samples, {1} steps{2}{3}: loss {4:F4} → {5:F4} (mean of first/last 10 steps)",
            samples.Count, r.Steps, r.ResumedFromStep > 0 ? $" (resumed from step {r.ResumedFromStep})" : "", r.Cancelled ? " (cancelled)" : "", first, last));
        console.Info("weights → " + (weights ?? "-"));
        return r.Cancelled ? 130 : 0;
    }

    private static Tessera.Segmentation.SegFix.SegFixOptions ToOptions(Settings settings)
    {
        Guard.That(settings.Classes is >= 1 and <= 255, "--classes", $"must lie in [1, 255] (got {settings.Classes})");
        Guard.That(settings.Ignore >= settings.Classes && settings.Ignore <= 255, "--ignore", $"must lie in [--classes, 255] (got {settings.Ignore})");
        return new Tessera.Segmentation.SegFix.SegFixOptions { NumClasses = settings.Classes, IgnoreLabel = settings.Ignore };
    }
}
