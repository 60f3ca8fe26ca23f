using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Spectre.Console.Cli;
using Tessera.Core.Errors;
using Tessera.Prompting.Methods;
using Tessera.Prompting.Training;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Prompt;

/// <summary><c>tessera prompt eval (--task FILE | --method zero-shot) --backbone PATH --data DIR [--json]</c>.</summary>
internal sealed class PromptEvalCommand(CliConsole console) : Command<PromptEvalCommand.Settings>
{
    /// <summary>Arguments of <c>prompt eval</c>.</summary>
    internal sealed class Settings : PromptBackboneSettings
    {
        /// <summary>Task file.</summary>
        [CommandOption("--task <FILE>")]
        [Description("Task file written by prompt train (required unless --method zero-shot).")]
        public string? Task { get; init; }

        /// <summary>Zero-shot.</summary>
        [CommandOption("--method <METHOD>")]
        [Description("zero-shot: score a CLIP backbone against text-template class features, without a task file.")]
        public string? Method { get; init; }

        /// <summary>Class names.</summary>
        [CommandOption("--labels <NAMES>")]
        [Description("Zero-shot: comma-separated class names in label order (default: DIR/classes.txt).")]
        public string? Labels { get; init; }

        /// <summary>Text template.</summary>
        [CommandOption("--template <TEXT>")]
        [Description("Zero-shot: class text template with {} for the class name.")]
        [DefaultValue("This is a photo of a {}")]
        public string Template { get; init; } = "This is a photo of a {}";

        /// <summary>Evaluation set.</summary>
        [CommandOption("--data <DIR>", isRequired: true)]
        [Description("Folder with images.npy and labels.npy.")]
        public string Data { get; init; } = "";

        /// <summary>JSON output.</summary>
        [CommandOption("--json")]
        [Description("Print JSON on stdout.")]
        public bool Json { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        PromptMethod? zeroShot = null;
        if (settings.Method is not null)
        {
            var method = PromptMethods.Parse(settings.Method, "--method");
            Guard.That(method == PromptMethod.ZeroShot, "--method", $"only zero-shot is evaluated without a task file ('{settings.Method}' needs --task)");
            Guard.That(settings.Task is null, "--task", "give either --task or --method zero-shot, not both");
            zeroShot = method;
        }
        Guard.That(settings.Task is not null || zeroShot is not null, "--task", "is required (or --method zero-shot)");
        Guard.That(settings.Task is null || File.Exists(settings.Task), "--task", $"file '{settings.Task}' does not exist");
        using var backbone = PromptData.LoadBackbone(settings);
        var (images, labels) = PromptData.LoadSet(settings.Data, "--data");
        using var imagesOwner = images;
        using var labelsOwner = labels;
        PromptData.RequireSize(images, backbone, "--data");
        PromptTask task;
        if (zeroShot is not null)
        {
            Guard.That(settings.Template.Contains("{}", StringComparison.Ordinal), "--template", "must contain {} where the class name goes");
            var classes = (int)labels.max().item<long>() + 1;
            var names = PromptData.ClassNames(settings.Labels, settings.Data, classes, "--labels");
            task = PromptTask.Create(PromptMethod.ZeroShot, backbone, names, new PromptMethodOptions { Template = settings.Template });
        }
        else
        {
            task = PromptTask.Load(settings.Task!, backbone);
        }
        using var _ = task;
        Guard.That(labels.max().item<long>() < task.Config.ClassNames.Count, "--data", $"labels must be below the task's {task.Config.ClassNames.Count} classes");
        cancellationToken.ThrowIfCancellationRequested();
        var accuracy = PromptTraining.Accuracy(task.Model, images, labels);
        var budget = task.Budget;
        var name = PromptMethods.Name(task.Method);
        if (settings.Json)
        {
            console.Data(JsonSerializer.Serialize(new { task = settings.Task, method = name, samples = images.shape[0], accuracy, stored = budget.Stored, backbone = budget.Backbone, ratio = budget.Ratio }));
        }
        else
        {
            console.Data(string.Format(CultureInfo.InvariantCulture, "{0}: accuracy {1:P2} on {2} samples ({3} classes); {4}", name, accuracy, images.shape[0], task.Config.ClassNames.Count, budget));
        }
        return 0;
    }
}
