using System.ComponentModel;
using System.Text.Json;
using Spectre.Console.Cli;
using Tessera.Core.Errors;
using Tessera.Prompting.Tasks;
using Tessera.Prompting.Vpt;
using Tessera.Cli.Hosting;
using TorchSharp;

namespace Tessera.Cli.Areas.Prompt;

/// <summary><c>tessera prompt apply --task A [--task B …] --backbone FILE --input images.npy</c>: one backbone, many tasks.</summary>
internal sealed class PromptApplyCommand(CliConsole console) : Command<PromptApplyCommand.Settings>
{
    /// <summary>Arguments of <c>prompt apply</c>.</summary>
    internal sealed class Settings : PromptBackboneSettings
    {
        /// <summary>Task files.</summary>
        [CommandOption("--task <FILE>", isRequired: true)]
        [Description("Task file(s); repeat to answer several tasks on the same images in one mixed batch.")]
        public string[] Tasks { get; init; } = [];

        /// <summary>Images.</summary>
        [CommandOption("--input <FILE>", isRequired: true)]
        [Description("images.npy (N×3×S×S float32, normalised).")]
        public string Images { get; init; } = "";
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Guard.That(File.Exists(settings.Images), "--input", $"file '{settings.Images}' does not exist");
        using var vit = PromptData.LoadVit(settings);
        var fingerprint = BackboneFingerprint.Of(vit);
        var loaded = settings.Tasks.Select(t => VptTaskFile.Load(t, vit, settings.Backbone, fingerprint)).ToList();
        try
        {
            var server = new VptTaskServer(vit);
            foreach (var (task, _) in loaded) { server.Add(task); }
            using var images = PromptData.LoadImages(settings.Images, "--input");
            var n = (int)images.shape[0];
            var k = loaded.Count;
            using var batch = images.repeat_interleave(k, 0);
            var ids = Enumerable.Range(0, n * k).Select(i => i % k).ToArray();
            using var noGrad = torch.no_grad();
            var logits = server.Predict(batch, ids);
            for (var i = 0; i < n * k; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var probs = logits[i].softmax(-1);
                var p = probs.data<float>().ToArray();
                var best = Array.IndexOf(p, p.Max());
                var config = loaded[ids[i]].Config;
                console.Data(JsonSerializer.Serialize(new { image = i / k, task = settings.Tasks[ids[i]], label = config.ClassNames[best], index = best, probabilities = p }));
                logits[i].Dispose();
            }
        }
        finally
        {
            foreach (var (task, _) in loaded) { task.Dispose(); }
        }
        return 0;
    }
}
