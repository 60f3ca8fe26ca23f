using System.ComponentModel;
using System.Text.Json;
using Spectre.Console.Cli;
using Tessera.Core.Errors;
using Tessera.Prompting.Methods;
using Tessera.Prompting.Tasks;
using Tessera.Prompting.Vpt;
using Tessera.Cli.Hosting;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Cli.Areas.Prompt;

/// <summary><c>tessera prompt apply --task A [--task B …] --backbone PATH --input images.npy</c>: one backbone, many tasks.</summary>
internal sealed class PromptApplyCommand(CliConsole console) : Command<PromptApplyCommand.Settings>
{
    /// <summary>Arguments of <c>prompt apply</c>.</summary>
    internal sealed class Settings : PromptBackboneSettings
    {
        /// <summary>Task files.</summary>
        [CommandOption("--task <FILE>", isRequired: true)]
        [Description("Task file(s); repeat to answer several tasks on the same images (VPT tasks share one mixed batch).")]
        public string[] Tasks { get; init; } = [];

        /// <summary>Images.</summary>
        [CommandOption("--input <FILE>", isRequired: true)]
        [Description("images.npy (N×3×S×S float32, normalised for the backbone).")]
        public string Images { get; init; } = "";
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Guard.That(File.Exists(settings.Images), "--input", $"file '{settings.Images}' does not exist");
        foreach (var t in settings.Tasks) { Guard.That(File.Exists(t), "--task", $"file '{t}' does not exist"); }
        var backbones = new List<PromptBackbone>();
        var tasks = new List<PromptTask>();
        try
        {
            var shared = PromptData.LoadBackbone(settings);
            backbones.Add(shared);
            foreach (var path in settings.Tasks)
            {
                var (config, weights, _) = PromptTaskFile.Read(path);
                weights.Dispose();
                var method = PromptTask.MethodOf(config, path);
                var backbone = shared;
                if (PromptMethods.TrainsBackbone(method))
                {
                    backbone = PromptData.LoadBackbone(settings); // full fine-tune and BitFit overwrite backbone weights: one copy each
                    backbones.Add(backbone);
                }
                tasks.Add(PromptTask.Load(path, backbone));
                tasks[^1].Model.eval();
            }
            using var images = PromptData.LoadImages(settings.Images, "--input");
            PromptData.RequireSize(images, shared, "--input");
            var n = (int)images.shape[0];
            var k = tasks.Count;
            var probabilities = new float[n, k][];
            using (torch.no_grad())
            {
                var vpt = Enumerable.Range(0, k).Where(i => tasks[i].Model is VptClassifier).ToList();
                if (vpt.Count > 1 && shared.Vit is not null)
                {
                    // Every VPT task in one mixed batch on the shared backbone (per-sample deep prompts).
                    var server = new VptTaskServer(shared.Vit);
                    foreach (var i in vpt) { server.Add((VptClassifier)tasks[i].Model); }
                    using var batch = images.repeat_interleave(vpt.Count, 0);
                    var ids = Enumerable.Range(0, n * vpt.Count).Select(i => i % vpt.Count).ToArray();
                    var logits = server.Predict(batch, ids);
                    for (var r = 0; r < logits.Count; r++)
                    {
                        using var p = logits[r].softmax(-1);
                        probabilities[r / vpt.Count, vpt[ids[r]]] = p.data<float>().ToArray();
                        logits[r].Dispose();
                    }
                }
                for (var t = 0; t < k; t++)
                {
                    if (vpt.Count > 1 && vpt.Contains(t) && shared.Vit is not null) { continue; }
                    cancellationToken.ThrowIfCancellationRequested();
                    tasks[t].Model.eval();
                    using var scope = torch.NewDisposeScope();
                    var p = tasks[t].Model.forward(images).softmax(-1);
                    for (var i = 0; i < n; i++) { probabilities[i, t] = p[i].data<float>().ToArray(); }
                }
            }
            for (var i = 0; i < n; i++)
            {
                for (var t = 0; t < k; t++)
                {
                    var p = probabilities[i, t];
                    var best = Array.IndexOf(p, p.Max());
                    console.Data(JsonSerializer.Serialize(new { image = i, task = settings.Tasks[t], method = PromptMethods.Name(tasks[t].Method), label = tasks[t].Config.ClassNames[best], index = best, probabilities = p }));
                }
            }
        }
        finally
        {
            foreach (var t in tasks) { t.Dispose(); }
            foreach (var b in backbones) { b.Dispose(); }
        }
        return 0;
    }
}
