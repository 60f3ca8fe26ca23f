using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Cli;
using Tessera.Cli.Hosting;
using Tessera.Core.Errors;
using Tessera.Core.IO;
using Tessera.Core.Progress;
using Tessera.Dense.ClipSeg;
using Tessera.Dense.ClipSeg.Training;
using Tessera.Nn.Runtime;
using Tessera.Nn.Training;
using TorchSharp;

namespace Tessera.Cli.Areas.Dense;

/// <summary><c>tessera clipseg train --data DIR --clip CLIP --out DIR</c>: trains a CLIPSeg decoder on referring
/// expressions (read through Tessera.Data's referring reader) with CLIP frozen, q_neg negatives and random text/visual
/// mixing; checkpoints, resume, Ctrl-C.</summary>
internal sealed class ClipSegTrainCommand(CliConsole console) : Command<ClipSegTrainCommand.Settings>
{
    /// <summary>Arguments of <c>clipseg train</c>.</summary>
    internal sealed class Settings : SeededClipWeightsSettings
    {
        /// <summary>Training data.</summary>
        [CommandOption("--data <PATH>", isRequired: true)]
        [Description("Referring-expression JSON (Tessera or PhraseCut layout) or a folder holding referring.json (tessera world generate).")]
        public string Data { get; init; } = "";

        /// <summary>Output folder.</summary>
        [CommandOption("-o|--out <DIR>", isRequired: true)]
        [Description("Output folder: checkpoint (resume), metrics.csv, loss.png, clipseg-decoder.safetensors, card.json.")]
        public string Out { get; init; } = "";

        /// <summary>Steps.</summary>
        [CommandOption("--max-steps <N>")]
        [Description("Training steps in total (a rerun with the same --out resumes).")]
        [DefaultValue(1000L)]
        public long MaxSteps { get; init; } = 1000;

        /// <summary>Batch.</summary>
        [CommandOption("--batch <N>")]
        [Description("Samples per step.")]
        [DefaultValue(32)]
        public int Batch { get; init; } = 32;

        /// <summary>Learning rate.</summary>
        [CommandOption("--lr <LR>")]
        [Description("Peak AdamW learning rate (cosine schedule).")]
        [DefaultValue(1e-3)]
        public double LearningRate { get; init; } = 1e-3;

        /// <summary>Decoder width.</summary>
        [CommandOption("--reduce-dim <D>")]
        [Description("Decoder width D (the paper: 64; its ablation: 16).")]
        [DefaultValue(64)]
        public int ReduceDim { get; init; } = 64;

        /// <summary>Refined head.</summary>
        [CommandOption("--refined")]
        [Description("Use the refined transposed-convolution head (rd64-uni-refined).")]
        public bool Refined { get; init; }

        /// <summary>Extract layers.</summary>
        [CommandOption("--extract-layers <LIST>")]
        [Description("CLIP blocks the decoder reads (the 3-block world CLIP: 0,1,2; ViT-B/16: 3,7,9).")]
        [DefaultValue("0,1,2")]
        public string ExtractLayers { get; init; } = "0,1,2";

        /// <summary>Input side.</summary>
        [CommandOption("--size <N>")]
        [Description("Side images are resized to (a multiple of the patch size); default: the data's image side.")]
        public int? Size { get; init; }

        /// <summary>q_neg.</summary>
        [CommandOption("--negative-prob <Q>")]
        [Description("Probability that a sample's phrase is swapped for one naming nothing in its image and its target emptied.")]
        [DefaultValue(0.2)]
        public double NegativeProb { get; init; } = 0.2;

        /// <summary>Text-only training.</summary>
        [CommandOption("--text-only")]
        [Description("Condition on text prompts only (no random text/visual interpolation).")]
        public bool TextOnly { get; init; }

        /// <summary>Held-out combinations.</summary>
        [CommandOption("--holdout <LIST>")]
        [Description("Comma-separated word combinations (e.g. \"red circle,blue star\"): phrases containing one are left out of training.")]
        public string? Holdout { get; init; }

        /// <summary>Sample limit.</summary>
        [CommandOption("--count <N>")]
        [Description("Use at most N referring expressions (file order, after --holdout).")]
        public int? Count { get; init; }

        /// <inheritdoc />
        public override ValidationResult Validate()
        {
            if (MaxSteps < 1) { return ValidationResult.Error("--max-steps: must be at least 1"); }
            if (Batch < 1) { return ValidationResult.Error("--batch: must be at least 1"); }
            if (!double.IsFinite(LearningRate) || LearningRate <= 0) { return ValidationResult.Error("--lr: must be positive"); }
            if (ReduceDim < 4 || ReduceDim % 4 != 0) { return ValidationResult.Error("--reduce-dim: must be a positive multiple of 4 (4 attention heads)"); }
            if (NegativeProb is < 0 or >= 1) { return ValidationResult.Error("--negative-prob: must lie in [0, 1)"); }
            if (Count is < 1) { return ValidationResult.Error("--count: must be at least 1"); }
            if (Size is < 8) { return ValidationResult.Error("--size: must be at least 8"); }
            if (Workers < 1) { return ValidationResult.Error("--workers: must be at least 1"); }
            return ValidationResult.Success();
        }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var referring = ClipSegLoading.ReferringFile(settings.Data);
        var layers = ClipSegLoading.ParseLayers(settings.ExtractLayers);
        var holdout = ClipSegLoading.ParseHoldout(settings.Holdout);
        TorchRuntime.EnsureLoaded();
        torch.set_num_threads(settings.Workers);
        var (clip, clipConfig) = ClipSegLoading.LoadClip(settings.Clip, settings.TextHeads, settings.VisionHeads);
        var tokenizer = ClipSegLoading.Tokenizer(settings.Clip, settings.Vocab);
        var config = new ClipSegConfig { ExtractLayers = layers, ReduceDim = settings.ReduceDim, ComplexTransConv = settings.Refined }.For(clipConfig);
        Guard.That(layers.Count > 0 && layers[^1] < clipConfig.VisionLayers, "--extract-layers", $"blocks must lie below CLIP's depth {clipConfig.VisionLayers}");
        try { config.Validate(); }
        catch (TesseraArgumentException e) { throw new TesseraArgumentException("--reduce-dim", e.Message); }
        var size = settings.Size ?? FirstImageSide(referring);
        Guard.That(size % clipConfig.VisionPatchSize == 0, "--size", $"must be a multiple of CLIP's patch size {clipConfig.VisionPatchSize} (got {size})");
        Directory.CreateDirectory(settings.Out);
        var options = new ClipSegTrainingOptions
        {
            Steps = settings.MaxSteps,
            BatchSize = settings.Batch,
            LearningRate = settings.LearningRate,
            NegativeProbability = settings.NegativeProb,
            MixTextMin = settings.TextOnly ? null : 0.0,
            VisualPromptSize = clipConfig.ImageResolution,
            Seed = settings.Seed,
            OutputDirectory = settings.Out,
        };
        var clock = Stopwatch.StartNew();
        var loadBefore = LoadAverage.Read();
        torch.manual_seed(unchecked((long)settings.Seed));
        using var model = new ClipSegModel(clip, new ClipSegDecoder(config));
        using var data = ClipSegDataset.Load(referring, size, p => !ClipSegLoading.IsHeldOut(p, holdout), settings.Count, cancellationToken);
        console.Info(string.Create(CultureInfo.InvariantCulture,
            $"{data.Count} referring expressions on {data.ImagePaths.Count} images at {size}×{size}; decoder D={config.ReduceDim}, {model.Decoder.UsedParameterCount:N0} trainable parameters"));
        using var bank = ClipSegPromptBank.Build(model, tokenizer, data, options.Templates, options.VisualPromptSize, cancellationToken: cancellationToken);
        TrainingResult? result = null;
        string? weights = null;
        console.Err.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn()).Start(ctx =>
        {
            var train = ctx.AddTask("train", maxValue: settings.MaxSteps);
            var progress = new World.SyncProgress<ProgressReport>(r =>
            {
                train.Value = Math.Min(r.Done, settings.MaxSteps);
                train.Description = Markup.Escape($"train {r.Detail}");
            });
            (result, weights) = ClipSegTraining.Train(model, bank, data, options, progress, cancellationToken);
        });
        var r = result!;
        if (r.Metrics.Count > 0) { LossPlot.Write(Path.Combine(settings.Out, LossPlot.FileName), r.Metrics); }
        var first = r.Metrics.Count > 0 ? r.Metrics.Take(Math.Min(20, r.Metrics.Count)).Average(m => m.Loss) : double.NaN;
        var last = r.Metrics.Count > 0 ? r.Metrics.TakeLast(Math.Min(20, r.Metrics.Count)).Average(m => m.Loss) : double.NaN;
        var inv = CultureInfo.InvariantCulture;
        if (weights is not null)
        {
            var card = new JsonObject
            {
                ["data"] = Path.GetFullPath(referring),
                ["samples"] = data.Count,
                ["images"] = data.ImagePaths.Count,
                ["size"] = size,
                ["holdout"] = new JsonArray(holdout.Select(h => (JsonNode)h).ToArray()),
                ["reduce_dim"] = config.ReduceDim,
                ["refined"] = config.ComplexTransConv,
                ["extract_layers"] = new JsonArray(layers.Select(l => (JsonNode)l).ToArray()),
                ["trainable_parameters"] = model.Decoder.UsedParameterCount,
                ["steps"] = r.Steps,
                ["batch"] = settings.Batch,
                ["lr"] = settings.LearningRate,
                ["negative_prob"] = settings.NegativeProb,
                ["text_only"] = settings.TextOnly,
                ["seed"] = settings.Seed,
                ["threads"] = settings.Workers,
                ["resumed_from_step"] = r.ResumedFromStep,
                ["wall_seconds_this_run"] = Math.Round(clock.Elapsed.TotalSeconds, 1),
                ["load_average_before"] = loadBefore,
                ["load_average_after"] = LoadAverage.Read(),
                ["loss_first_20"] = Math.Round(first, 5),
                ["loss_last_20"] = Math.Round(last, 5),
                ["command"] = "tessera " + string.Join(' ', context.Arguments.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a)),
            };
            AtomicFile.WriteAllText(Path.Combine(settings.Out, "card.json"), card.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        }
        console.Info(string.Format(inv, "{0} steps{1}{2}: loss {3:F4} → {4:F4} (mean of first/last 20 steps), {5:F0} s",
            r.Steps, r.ResumedFromStep > 0 ? $" (resumed from step {r.ResumedFromStep})" : "", r.Cancelled ? " (cancelled; rerun to resume)" : "", first, last, clock.Elapsed.TotalSeconds));
        if (r.Metrics.Any(m => !double.IsFinite(m.Loss))) { console.Warning("the loss was not finite at some step (see metrics.csv)"); }
        if (weights is not null) { console.Data(weights); }
        return r.Cancelled ? 130 : 0;
    }

    private static int FirstImageSide(string referring)
    {
        var entries = Tessera.Data.Referring.ReferringFile.Read(referring);
        var first = entries.Count > 0 ? entries[0] : throw new TesseraArgumentException("--data", $"'{referring}' holds no entries");
        using var image = Tessera.Imaging.ImageFile.Read(first.ImagePath);
        return image.Height;
    }
}
