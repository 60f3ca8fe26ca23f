using Spectre.Console.Cli;
using Tessera.Cli.Hosting;
using Tessera.Core.Parity;
using Tessera.Prompting.Parity;

namespace Tessera.Cli.Areas.Prompt;

/// <summary>The prompting area: <c>prompt train|eval|apply|bench|serve-bench</c> and the prompting fixtures (VPT, pixel prompts, CoOp).</summary>
internal sealed class PromptArea : ICliArea
{
    /// <inheritdoc />
    public string Name => "prompt";

    /// <inheritdoc />
    public void Register(IConfigurator config)
    {
        config.AddBranch("prompt", prompt =>
        {
            prompt.SetDescription("Adapt a frozen backbone with learned prompts (VPT, pixel prompts, CoOp) or the baselines, and serve many tasks from it.");
            prompt.AddCommand<PromptTrainCommand>("train")
                .WithDescription("Train a task with any method (VPT, pixel prompts, CoOp, linear probe, full fine-tune, BitFit); checkpoints and resume in --checkpoints, Ctrl-C stops with a checkpoint.")
                .WithExample("prompt", "train", "--method", "vpt-deep", "--backbone", "models/world-vit-tiny", "--data", "train", "--out", "task.safetensors")
                .WithExample("prompt", "train", "--method", "coop", "--backbone", "models/world-clip-tiny", "--data", "train", "--labels", "circle,square", "--out", "coop.safetensors");
            prompt.AddCommand<PromptEvalCommand>("eval")
                .WithDescription("Top-1 accuracy of a task file (or of zero-shot CLIP) on a labelled set.")
                .WithExample("prompt", "eval", "--task", "task.safetensors", "--backbone", "vit.safetensors", "--vit", "tiny", "--data", "test");
            prompt.AddCommand<PromptApplyCommand>("apply")
                .WithDescription("Predicted class and probabilities per image for one or more task files (JSON lines on stdout).")
                .WithExample("prompt", "apply", "--task", "a.safetensors", "--task", "b.safetensors", "--backbone", "vit.safetensors", "--vit", "tiny", "--input", "images.npy");
            prompt.AddCommand<PromptBenchCommand>("bench")
                .WithDescription("The results table: linear, full, BitFit, VPT-shallow/deep on the tiny ViT and zero-shot, CoOp, pad on the tiny CLIP, few-shot, several seeds (results.md, results.json, PNG plots).")
                .WithExample("prompt", "bench", "--out", "docs/prompting-bench", "--shots", "1,4,16", "--seeds", "3");
            prompt.AddCommand<PromptStepBenchCommand>("step-bench")
                .WithDescription("Time of a VPT-deep training step versus a forward + backward through the same frozen backbone, and the gradient bytes each keeps (random weights).")
                .WithExample("prompt", "step-bench", "--vit", "tiny", "--batch", "32");
            prompt.AddCommand<PromptServeBenchCommand>("serve-bench")
                .WithDescription("Throughput of mixed-task batches (one backbone, K tasks) versus single-task batches of the same size.")
                .WithExample("prompt", "serve-bench", "--tasks", "8", "--batch", "32");
        });
    }

    /// <inheritdoc />
    public IEnumerable<IDemoSection> DemoSections(DemoOptions options) => [new PromptSection()];

    /// <inheritdoc />
    public IEnumerable<IParityHandler> ParityHandlers() => [new VptParityHandler(), new PixelPromptingParityHandler(), new CoopParityHandler()];
}
