using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Spectre.Console.Cli;
using Tessera.Prompting.Tasks;
using Tessera.Prompting.Training;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Prompt;

/// <summary><c>tessera prompt eval --task FILE --backbone FILE --data DIR [--json]</c>.</summary>
internal sealed class PromptEvalCommand(CliConsole console) : Command<PromptEvalCommand.Settings>
{
    /// <summary>Arguments of <c>prompt eval</c>.</summary>
    internal sealed class Settings : PromptBackboneSettings
    {
        /// <summary>Task file.</summary>
        [CommandOption("--task <FILE>", isRequired: true)]
        [Description("Task file written by prompt train.")]
        public string Task { get; init; } = "";

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
        using var vit = PromptData.LoadVit(settings);
        var (task, config) = VptTaskFile.Load(settings.Task, vit, settings.Backbone);
        using var _ = task;
        var (images, labels) = PromptData.LoadSet(settings.Data, "--data");
        using var imagesOwner = images;
        using var labelsOwner = labels;
        var accuracy = PromptTraining.Accuracy(task, images, labels);
        var stored = task.ParameterCount;
        var backbone = vit.parameters().Sum(p => p.numel());
        var budget = new ParameterBudget(stored, backbone);
        if (settings.Json)
        {
            console.Data(JsonSerializer.Serialize(new { task = settings.Task, samples = images.shape[0], accuracy, stored, backbone, ratio = budget.Ratio }));
        }
        else
        {
            console.Data(string.Format(CultureInfo.InvariantCulture, "accuracy {0:P2} on {1} samples ({2} classes); {3}", accuracy, images.shape[0], config.ClassNames.Count, budget));
        }
        return 0;
    }
}
