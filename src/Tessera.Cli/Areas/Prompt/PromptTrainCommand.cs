using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using Tessera.Core.Errors;
using Tessera.Core.Progress;
using Tessera.Nn.Training;
using Tessera.Prompting.Tasks;
using Tessera.Prompting.Training;
using Tessera.Prompting.Vpt;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Prompt;

/// <summary><c>tessera prompt train --method vpt-deep|vpt-shallow --backbone FILE --data DIR --out TASK [...]</c>.</summary>
internal sealed class PromptTrainCommand(CliConsole console) : Command<PromptTrainCommand.Settings>
{
    /// <summary>Methods the command trains today.</summary>
    internal static readonly string[] Methods = ["vpt-deep", "vpt-shallow"];

    /// <summary>Methods of the issue that the library has but this command does not train yet.</summary>
    internal static readonly string[] LibraryOnly = ["pad", "fixed-patch", "random-patch", "coop", "linear", "full", "bitfit"];

    /// <summary>Arguments of <c>prompt train</c>.</summary>
    internal sealed class Settings : PromptBackboneSettings
    {
        /// <summary>Method.</summary>
        [CommandOption("--method <METHOD>", isRequired: true)]
        [Description("vpt-deep or vpt-shallow.")]
        public string Method { get; init; } = "";

        /// <summary>Training set.</summary>
        [CommandOption("--data <DIR>", isRequired: true)]
        [Description("Folder with images.npy (N×3×S×S float32, normalised) and labels.npy (N int).")]
        public string Data { get; init; } = "";

        /// <summary>Task file.</summary>
        [CommandOption("-o|--out <FILE>", isRequired: true)]
        [Description("Task file to write (prompts + head + config + backbone fingerprint, safetensors).")]
        public string Out { get; init; } = "";

        /// <summary>Checkpoint folder.</summary>
        [CommandOption("--checkpoints <DIR>")]
        [Description("Folder for checkpoint.safetensors and metrics.csv; an existing checkpoint is resumed.")]
        public string? Checkpoints { get; init; }

        /// <summary>Prompt tokens.</summary>
        [CommandOption("--tokens <T>")]
        [Description("Prompt tokens per layer.")]
        [DefaultValue(10)]
        public int Tokens { get; init; } = 10;

        /// <summary>Epochs.</summary>
        [CommandOption("--epochs <E>")]
        [DefaultValue(10)]
        public int Epochs { get; init; } = 10;

        /// <summary>Batch size.</summary>
        [CommandOption("--batch <B>")]
        [DefaultValue(32)]
        public int Batch { get; init; } = 32;

        /// <summary>Learning rate.</summary>
        [CommandOption("--lr <LR>")]
        [DefaultValue(0.01)]
        public double LearningRate { get; init; } = 0.01;

        /// <summary>Seed.</summary>
        [CommandOption("--seed <S>")]
        [DefaultValue(0UL)]
        public ulong Seed { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (LibraryOnly.Contains(settings.Method))
        {
            throw new TesseraArgumentException("--method", $"'{settings.Method}' is not trained by the CLI yet (use Tessera.Prompting from C#); the CLI trains {string.Join(", ", Methods)}");
        }
        Guard.That(Methods.Contains(settings.Method), "--method", $"must be one of {string.Join(", ", Methods)} (got '{settings.Method}')");
        Guard.That(settings.Epochs >= 1, "--epochs", $"must be ≥ 1 (got {settings.Epochs})");
        Guard.That(settings.Batch >= 1, "--batch", $"must be ≥ 1 (got {settings.Batch})");
        Guard.That(settings.Tokens >= 1, "--tokens", $"must be ≥ 1 (got {settings.Tokens})");
        using var vit = PromptData.LoadVit(settings);
        var (images, labels) = PromptData.LoadSet(settings.Data, "--data");
        using var imagesOwner = images;
        using var labelsOwner = labels;
        var classes = (int)labels.max().item<long>() + 1;
        var options = new VptOptions { NumTokens = settings.Tokens, Deep = settings.Method == "vpt-deep" };
        using var task = new VptClassifier(vit, (int)images.shape[2], classes, options, seed: (long)settings.Seed);
        var steps = (long)settings.Epochs * ((images.shape[0] + settings.Batch - 1) / settings.Batch);
        TrainingResult? result = null;
        console.Err.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var bar = ctx.AddTask("train", maxValue: Math.Max(1, steps));
                var progress = new Progress<ProgressReport>(r =>
                {
                    bar.Value = Math.Min(r.Done, steps);
                    bar.Description = Markup.Escape($"train {r.Stage} · {r.Detail}");
                });
                result = PromptTraining.Train(task, images, labels, new TrainerOptions
                {
                    LearningRate = settings.LearningRate,
                    Epochs = settings.Epochs,
                    Seed = settings.Seed,
                    OutputDirectory = settings.Checkpoints,
                }, settings.Batch, progress, cancellationToken);
                bar.Value = bar.MaxValue;
            });
        var budget = VptTaskFile.Save(settings.Out, task, vit);
        var accuracy = PromptTraining.Accuracy(task, images, labels);
        var inv = CultureInfo.InvariantCulture;
        console.Info(string.Format(inv, "{0} steps{1}{2}; training accuracy {3:P1}", result!.Steps,
            result.ResumedFromStep > 0 ? $" (resumed from step {result.ResumedFromStep})" : "", result.Cancelled ? " (cancelled)" : "", accuracy));
        console.Info($"task → {settings.Out}: {budget}");
        return result.Cancelled ? 130 : 0;
    }
}
