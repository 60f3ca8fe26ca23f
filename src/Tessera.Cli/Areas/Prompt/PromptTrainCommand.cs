using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using Tessera.Core.Errors;
using Tessera.Core.Progress;
using Tessera.Nn.Training;
using Tessera.Prompting.Methods;
using Tessera.Prompting.Training;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Prompt;

/// <summary><c>tessera prompt train --method M --backbone PATH --data DIR --out TASK [...]</c>: any method of the runner.</summary>
internal sealed class PromptTrainCommand(CliConsole console) : Command<PromptTrainCommand.Settings>
{
    /// <summary>Arguments of <c>prompt train</c>.</summary>
    internal sealed class Settings : PromptBackboneSettings
    {
        /// <summary>Method.</summary>
        [CommandOption("--method <METHOD>", isRequired: true)]
        [Description("vpt-deep, vpt-shallow, linear, full, bitfit (on a ViT); pad, fixed-patch, random-patch, coop (on a CLIP).")]
        public string Method { get; init; } = "";

        /// <summary>Training set.</summary>
        [CommandOption("--data <DIR>", isRequired: true)]
        [Description("Folder with images.npy (N×3×S×S float32, normalised for the backbone), labels.npy (N int) and optionally classes.txt.")]
        public string Data { get; init; } = "";

        /// <summary>Task file.</summary>
        [CommandOption("-o|--out <FILE>", isRequired: true)]
        [Description("Task file to write (what trained + config + backbone fingerprint, safetensors; full fine-tune stores the whole backbone).")]
        public string Out { get; init; } = "";

        /// <summary>Checkpoint folder.</summary>
        [CommandOption("--checkpoints <DIR>")]
        [Description("Folder for checkpoint.safetensors and metrics.csv; an existing checkpoint is resumed.")]
        public string? Checkpoints { get; init; }

        /// <summary>Prompt tokens.</summary>
        [CommandOption("--tokens <T>")]
        [Description("Prompt tokens per layer (VPT) or learned context vectors (CoOp).")]
        [DefaultValue(10)]
        public int Tokens { get; init; } = 10;

        /// <summary>Pixel prompt size.</summary>
        [CommandOption("--prompt-size <P>")]
        [Description("Pad width or patch side of a pixel prompt, in pixels.")]
        [DefaultValue(4)]
        public int PromptSize { get; init; } = 4;

        /// <summary>Class names.</summary>
        [CommandOption("--labels <NAMES>")]
        [Description("Comma-separated class names in label order (default: DIR/classes.txt, else 0…C−1); CLIP methods turn them into texts.")]
        public string? Labels { get; init; }

        /// <summary>Text template.</summary>
        [CommandOption("--template <TEXT>")]
        [Description("Class text template of pixel prompts, with {} for the class name.")]
        [DefaultValue("This is a photo of a {}")]
        public string Template { get; init; } = "This is a photo of a {}";

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
        [Description("AdamW learning rate (default per method: 0.01; full 0.0001; pixel prompts 0.1).")]
        public double? LearningRate { get; init; }

        /// <summary>Seed.</summary>
        [CommandOption("--seed <S>")]
        [DefaultValue(0UL)]
        public ulong Seed { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var method = PromptMethods.Parse(settings.Method, "--method");
        Guard.That(method != PromptMethod.ZeroShot, "--method", "zero-shot trains nothing; evaluate it with prompt eval --method zero-shot");
        Guard.That(settings.Epochs >= 1, "--epochs", $"must be ≥ 1 (got {settings.Epochs})");
        Guard.That(settings.Batch >= 1, "--batch", $"must be ≥ 1 (got {settings.Batch})");
        Guard.That(settings.Tokens >= 1, "--tokens", $"must be ≥ 1 (got {settings.Tokens})");
        Guard.That(settings.PromptSize >= 1, "--prompt-size", $"must be ≥ 1 (got {settings.PromptSize})");
        Guard.That(settings.Template.Contains("{}", StringComparison.Ordinal), "--template", "must contain {} where the class name goes");
        var lr = settings.LearningRate ?? PromptMethods.DefaultLearningRate(method);
        Guard.That(lr > 0 && double.IsFinite(lr), "--lr", $"must be a positive number (got {lr})");
        using var backbone = PromptData.LoadBackbone(settings);
        var (images, labels) = PromptData.LoadSet(settings.Data, "--data");
        using var imagesOwner = images;
        using var labelsOwner = labels;
        PromptData.RequireSize(images, backbone, "--data");
        var classes = (int)labels.max().item<long>() + 1;
        var names = PromptData.ClassNames(settings.Labels, settings.Data, classes, "--labels");
        var options = new PromptMethodOptions { Tokens = settings.Tokens, PromptSize = settings.PromptSize, Template = settings.Template };
        Guard.That(settings.PromptSize < backbone.ImageSize, "--prompt-size", $"must be smaller than the image side {backbone.ImageSize} (got {settings.PromptSize})");
        using var task = PromptTask.Create(method, backbone, names, options, seed: (long)settings.Seed);
        var steps = (long)settings.Epochs * ((images.shape[0] + settings.Batch - 1) / settings.Batch);
        console.Info($"{PromptMethods.Name(method)} on {backbone.Name}: {task.Budget} trainable; {images.shape[0]} samples, {names.Count} classes, lr {lr.ToString(CultureInfo.InvariantCulture)}");
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
                result = PromptTraining.Train(task.Model, images, labels, new TrainerOptions
                {
                    LearningRate = lr,
                    Epochs = settings.Epochs,
                    Seed = settings.Seed,
                    OutputDirectory = settings.Checkpoints,
                }, settings.Batch, progress, cancellationToken);
                bar.Value = bar.MaxValue;
            });
        var inv = CultureInfo.InvariantCulture;
        if (result!.Cancelled)
        {
            console.Info(string.Format(inv, "cancelled after {0} steps{1}; no task file written", result.Steps,
                settings.Checkpoints is null ? "" : $" (checkpoint in {settings.Checkpoints}: run the same command to resume)"));
            return 130;
        }
        var budget = task.Save(settings.Out);
        var accuracy = PromptTraining.Accuracy(task.Model, images, labels);
        console.Info(string.Format(inv, "{0} steps{1}; training accuracy {2:P1}", result.Steps,
            result.ResumedFromStep > 0 ? $" (resumed from step {result.ResumedFromStep})" : "", accuracy));
        console.Info($"task → {settings.Out}: {budget}" + (method == PromptMethod.Full ? " (full fine-tune: the whole backbone is stored)" : ""));
        return 0;
    }
}
