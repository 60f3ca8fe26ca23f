using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Spectre.Console.Cli;
using Tessera.Cli.Hosting;
using Tessera.Core.Errors;
using Tessera.Nn.Models.Vit;
using Tessera.Prompting.Methods;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Cli.Areas.Prompt;

/// <summary>
/// <c>tessera prompt step-bench [--vit NAME] [--batch B] [--tokens T] [--runs R] [--json]</c>: time of one VPT-deep training
/// step (zero_grad, forward, backward, AdamW update) versus a forward + backward through the same frozen backbone (gradient to the
/// embedded tokens, no update), interleaved; and the gradient and optimizer-state bytes each method keeps.
/// </summary>
internal sealed class PromptStepBenchCommand(CliConsole console) : Command<PromptStepBenchCommand.Settings>
{
    /// <summary>Arguments of <c>prompt step-bench</c>.</summary>
    internal sealed class Settings : CommonSettings
    {
        /// <summary>Architecture.</summary>
        [CommandOption("--vit <NAME>")]
        [Description("ViT architecture (random weights): tiny, vit_base_patch16_224, …")]
        [DefaultValue("tiny")]
        public string Vit { get; init; } = "tiny";

        /// <summary>Batch size.</summary>
        [CommandOption("--batch <B>")]
        [DefaultValue(32)]
        public int Batch { get; init; } = 32;

        /// <summary>Prompt tokens.</summary>
        [CommandOption("--tokens <T>")]
        [DefaultValue(10)]
        public int Tokens { get; init; } = 10;

        /// <summary>Timed runs.</summary>
        [CommandOption("--runs <R>")]
        [DefaultValue(10)]
        public int Runs { get; init; } = 10;

        /// <summary>JSON output.</summary>
        [CommandOption("--json")]
        [Description("Print JSON on stdout.")]
        public bool Json { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Guard.That(settings.Batch >= 1, "--batch", $"must be ≥ 1 (got {settings.Batch})");
        Guard.That(settings.Runs >= 1, "--runs", $"must be ≥ 1 (got {settings.Runs})");
        Guard.That(settings.Tokens >= 1, "--tokens", $"must be ≥ 1 (got {settings.Tokens})");
        if (!VitConfig.Variants.TryGetValue(settings.Vit, out var config))
        {
            throw new TesseraArgumentException("--vit", $"must be one of {string.Join(", ", VitConfig.Variants.Keys)} (got '{settings.Vit}')");
        }
        torch.manual_seed(0);
        using var vit = new VisionTransformer(config with { NumClasses = 0 });
        using var backbone = PromptBackbone.FromVit(vit, settings.Vit);
        using var task = PromptTask.Create(PromptMethod.VptDeep, backbone, [.. Enumerable.Range(0, 10).Select(i => i.ToString(CultureInfo.InvariantCulture))],
            new PromptMethodOptions { Tokens = settings.Tokens });
        using var head = nn.Linear(vit.Width, 10);
        foreach (var p in head.parameters()) { p.requires_grad = false; }
        using var images = torch.randn(settings.Batch, 3, config.ImageSize, config.ImageSize);
        using var labels = torch.randint(0, 10, [settings.Batch]);
        using var optimizer = torch.optim.AdamW(task.Model.parameters().Where(p => p.requires_grad), 1e-3);
        task.Model.train();

        void PromptStep()
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            nn.functional.cross_entropy(task.Model.forward(images), labels).backward();
            optimizer.step();
        }
        void FrozenForwardBackward()
        {
            using var scope = torch.NewDisposeScope();
            var tokens = vit.Embed(images).detach().requires_grad_(true);
            var x = tokens;
            for (var i = 0; i < vit.Depth; i++) { x = vit.ForwardBlock(i, x); }
            nn.functional.cross_entropy(head.forward(vit.Pool(x)), labels).backward();
        }
        PromptStep();
        FrozenForwardBackward();
        var prompt = new List<double>();
        var frozen = new List<double>();
        for (var r = 0; r < settings.Runs; r++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var sw = Stopwatch.StartNew();
            PromptStep();
            prompt.Add(sw.Elapsed.TotalSeconds);
            sw.Restart();
            FrozenForwardBackward();
            frozen.Add(sw.Elapsed.TotalSeconds);
        }
        long GradBytes(IEnumerable<TorchSharp.Modules.Parameter> ps) => ps.Sum(p => p.grad is { } g ? g.numel() * 4 : 0);
        var backboneGrad = GradBytes(vit.parameters());
        var promptGrad = GradBytes(task.Model.parameters());
        var backboneBytes = vit.parameters().Sum(p => p.numel() * 4);
        var median = (List<double> xs) => xs.Order().ElementAt(xs.Count / 2);
        var ratio = median(prompt) / median(frozen);
        var load = LoadAverage.OneMinute() ?? "?";
        if (settings.Json)
        {
            console.Data(JsonSerializer.Serialize(new
            {
                vit = settings.Vit, batch = settings.Batch, tokens = settings.Tokens, vpt_deep_step_s = median(prompt), frozen_forward_backward_s = median(frozen), ratio,
                backbone_grad_bytes = backboneGrad, prompt_grad_bytes = promptGrad, backbone_bytes = backboneBytes, trainable = task.TrainableCount, load_average = load,
            }));
        }
        else
        {
            console.Data(string.Format(CultureInfo.InvariantCulture,
                "{0}, batch {1}, {2} deep tokens: VPT-deep step {3:F4} s, frozen forward+backward {4:F4} s, ratio {5:F2}; gradients kept: backbone {6:N0} B, prompts+head {7:N0} B (backbone weights {8:N0} B) (load average {9})",
                settings.Vit, settings.Batch, settings.Tokens, median(prompt), median(frozen), ratio, backboneGrad, promptGrad, backboneBytes, load));
        }
        return 0;
    }
}
