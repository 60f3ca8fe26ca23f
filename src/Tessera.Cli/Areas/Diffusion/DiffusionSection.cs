using System.Globalization;
using Tessera.Cli.Hosting;
using Tessera.Diffusion.Process;
using Tessera.Diffusion.Sampling;
using Tessera.Nn.Runtime;
using static TorchSharp.torch;

namespace Tessera.Cli.Areas.Diffusion;

/// <summary>The diffusion part of the demo page: samples of the shipped tiny MNIST model
/// (<c>models/diffusion-mnist-tiny</c>), a denoising strip from noise to digit, and a DDPM-segmentation prediction with
/// its uncertainty map (<see cref="DiffusionSegmentationPanel"/>).</summary>
internal sealed class DiffusionSection : IDemoSection
{
    /// <summary>Folder of the shipped model under <c>models/</c>.</summary>
    public const string ModelFolder = "diffusion-mnist-tiny";

    /// <inheritdoc />
    public string Title => "Diffusion: digits sampled from the tiny MNIST model Tessera trained";

    /// <inheritdoc />
    public string Id => "diffusion";

    /// <inheritdoc />
    public void Render(DemoSectionWriter section, CancellationToken cancellationToken)
    {
        var folder = FindModel(ModelFolder);
        if (folder is null || !TorchRuntime.Describe().Loaded)
        {
            section.Paragraph($"The shipped model (models/{ModelFolder}) or TorchSharp is not available here; samples skipped.");
            return;
        }
        Directory.CreateDirectory(section.SectionDirectory);
        var (spec, model) = DiffusionModelFiles.Load(folder, ema: true);
        using (model)
        using (var scope = NewDisposeScope())
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var samples = DiffusionSampler.Sample(model, spec.Process, spec.ImageShape,
                new SamplingOptions { Count = 16, BatchSize = 16, Seed = 2026, Respacing = "25" }, cancellationToken: cancellationToken);
            DiffusionImages.WriteGrid(Path.Combine(section.SectionDirectory, "samples.png"), samples, 8);
            section.PictureFile("samples.png", string.Create(CultureInfo.InvariantCulture,
                $"16 samples, 25 respaced ancestral steps from the EMA weights (seed 2026, {clock.Elapsed.TotalSeconds:F1} s here); see models/{ModelFolder}/card.md for how the model was trained"));

            // denoising strip: x_t of one sample at 8 points of a 25-step respaced run, then the final digit
            var diffusion = GaussianDiffusion.Create(spec.Process with { TimestepRespacing = "25" });
            using var noise = new PerSampleNoise(7, 0, 1);
            var frames = new List<Tensor>();
            var final = diffusion.PSampleLoop((x, t) => model.Forward(x, t), [1, .. spec.ImageShape], noise,
                onStep: (i, step) => { if (i % 3 == 0) { frames.Add(step.Sample.detach().clone().DetachFromDisposeScope()); } }, cancellationToken: cancellationToken);
            frames.Add(final);
            DiffusionImages.WriteGrid(Path.Combine(section.SectionDirectory, "denoising.png"), cat(frames, 0), frames.Count);
            section.PictureFile("denoising.png", "One sample from pure noise (left) to digit (right): x_t every third of 25 respaced steps, then x_0.");
            foreach (var frame in frames.Take(frames.Count - 1)) { frame.Dispose(); }
        }
        DiffusionSegmentationPanel.Render(section, cancellationToken);
    }

    /// <summary>The folder models/NAME (with ema.safetensors and config.json) above the working or program directory.</summary>
    internal static string? FindModel(string name)
    {
        foreach (var origin in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(origin); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "models", name);
                if (File.Exists(Path.Combine(candidate, "ema.safetensors")) && File.Exists(Path.Combine(candidate, "config.json"))) { return candidate; }
            }
        }
        return null;
    }
}
