using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console.Cli;
using Tessera.Cli.Hosting;
using Tessera.Core.Errors;
using Tessera.Diffusion.Sampling;
using Tessera.Nn.Runtime;
using static TorchSharp.torch;

namespace Tessera.Cli.Areas.Diffusion;

/// <summary><c>tessera diffusion sample --model DIR --out grid.png</c>: a grid of samples (optionally also a .npy of them).</summary>
internal sealed class DiffusionSampleCommand(CliConsole console) : Command<DiffusionSampleCommand.Settings>
{
    /// <summary>Arguments of <c>diffusion sample</c>.</summary>
    internal sealed class Settings : SeededSettings
    {
        /// <summary>Model folder.</summary>
        [CommandOption("--weights <DIR>", isRequired: true)]
        [Description("Folder written by diffusion train (config.json + ema.safetensors).")]
        public string Model { get; init; } = "";

        /// <summary>Output PNG.</summary>
        [CommandOption("-o|--out <FILE>", isRequired: true)]
        [Description("Grid PNG to write.")]
        public string Out { get; init; } = "";

        /// <summary>Count.</summary>
        [CommandOption("--count <N>")]
        [Description("Number of samples.")]
        [DefaultValue(16)]
        public int Count { get; init; } = 16;

        /// <summary>Batch.</summary>
        [CommandOption("--batch <B>")]
        [Description("Samples per network call (results do not depend on it).")]
        [DefaultValue(16)]
        public int Batch { get; init; } = 16;

        /// <summary>Respacing.</summary>
        [CommandOption("--respacing <SPEC>")]
        [Description("Sampling steps: empty = all training steps, N (e.g. 50), section counts (10,10,10) or ddimN.")]
        [DefaultValue("")]
        public string Respacing { get; init; } = "";

        /// <summary>DDIM.</summary>
        [CommandOption("--ddim")]
        [Description("DDIM steps instead of ancestral ones.")]
        public bool Ddim { get; init; }

        /// <summary>η.</summary>
        [CommandOption("--eta <ETA>")]
        [Description("DDIM stochasticity (0 = deterministic).")]
        [DefaultValue(0.0)]
        public double Eta { get; init; }

        /// <summary>Raw weights.</summary>
        [CommandOption("--raw-weights")]
        [Description("Use model.safetensors instead of the EMA weights.")]
        public bool RawWeights { get; init; }

        /// <summary>npy output.</summary>
        [CommandOption("--npy <FILE>")]
        [Description("Also write the samples as float32 N×C×H×W array with values from -1 to 1.")]
        public string? Npy { get; init; }

        /// <summary>JSON summary.</summary>
        [CommandOption("--json")]
        [Description("Print a JSON summary (count, steps, seconds, images/s) on stdout.")]
        public bool Json { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Guard.That(settings.Count >= 1, "--count", $"must be ≥ 1 (got {settings.Count})");
        Guard.That(settings.Batch >= 1, "--batch", $"must be ≥ 1 (got {settings.Batch})");
        Guard.That(settings.Workers >= 1, "--workers", $"must be ≥ 1 (got {settings.Workers})");
        TorchRuntime.EnsureLoaded();
        TorchSharp.torch.set_num_threads(settings.Workers);
        var (spec, model) = DiffusionModelFiles.Load(settings.Model, !settings.RawWeights);
        using (model)
        using (var scope = NewDisposeScope())
        {
            var clock = Stopwatch.StartNew();
            var options = new SamplingOptions
            {
                Count = settings.Count, BatchSize = settings.Batch, Seed = (long)settings.Seed, Respacing = settings.Respacing,
                Ddim = settings.Ddim, Eta = settings.Eta,
            };
            var samples = DiffusionSampler.Sample(model, spec.Process, spec.ImageShape, options,
                new SyncProgress(r => console.Info($"sampled {r.Done}/{r.Total}")), cancellationToken);
            var seconds = clock.Elapsed.TotalSeconds;
            DiffusionImages.WriteSquareGrid(settings.Out, samples);
            if (settings.Npy is not null)
            {
                Core.IO.AtomicFile.Write(settings.Npy, s => Core.Arrays.Npy.Write(s, Tessera.Nn.Tensors.ImageTensors.ToNdArray(samples)));
            }
            var steps = Tessera.Diffusion.Schedules.TimestepSpacing.Parse(spec.Process.Steps, settings.Respacing).Length;
            var inv = CultureInfo.InvariantCulture;
            if (settings.Json)
            {
                console.Data(string.Format(inv, "{{\"count\": {0}, \"steps\": {1}, \"ddim\": {2}, \"seconds\": {3:R}, \"images_per_second\": {4:R}}}",
                    settings.Count, steps, settings.Ddim ? "true" : "false", seconds, settings.Count / seconds));
            }
            console.Info(string.Format(inv, "{0} samples, {1} steps, {2:F1} s ({3:F2} images/s) → {4}", settings.Count, steps, seconds, settings.Count / seconds, settings.Out));
        }
        return ExitCodes.Ok;
    }
}
