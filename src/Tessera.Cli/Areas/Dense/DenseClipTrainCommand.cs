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
using Tessera.Data.World;
using Tessera.Cli.Areas.Clip;
using Tessera.Dense.DenseClip;
using Tessera.Dense.DenseClip.Training;
using Tessera.Nn.Models.Clip;
using Tessera.Nn.Runtime;
using Tessera.Nn.Training;
using Tessera.Nn.Weights;
using TorchSharp;

namespace Tessera.Cli.Areas.Dense;

/// <summary><c>tessera denseclip train --data DIR --clip CLIP --out DIR [--no-score-maps] [--prompting post|pre|both]</c>:
/// DenseCLIP (or the same head without score maps) trained end to end on a world's semantic masks.</summary>
internal sealed class DenseClipTrainCommand(CliConsole console) : Command<DenseClipTrainCommand.Settings>
{
    /// <summary>Arguments of <c>denseclip train</c>.</summary>
    internal sealed class Settings : SeededClipWeightsSettings
    {
        /// <summary>Data.</summary>
        [CommandOption("--data <DIR>", isRequired: true)]
        [Description("World folder (tessera world generate): images/ and masks/semantic/ (0 background, shape + 1).")]
        public string Data { get; init; } = "";

        /// <summary>Output.</summary>
        [CommandOption("-o|--out <DIR>", isRequired: true)]
        [Description("Output folder: checkpoint (resume), metrics.csv, loss.png, denseclip.safetensors, card.json.")]
        public string Out { get; init; } = "";

        /// <summary>Steps.</summary>
        [CommandOption("--max-steps <N>")]
        [Description("Training steps in total (a rerun with the same --out resumes).")]
        [DefaultValue(1000L)]
        public long MaxSteps { get; init; } = 1000;

        /// <summary>Batch.</summary>
        [CommandOption("--batch <N>")]
        [Description("Samples per step.")]
        [DefaultValue(16)]
        public int Batch { get; init; } = 16;

        /// <summary>Learning rate.</summary>
        [CommandOption("--lr <LR>")]
        [Description("Peak AdamW learning rate (cosine schedule).")]
        [DefaultValue(1e-3)]
        public double LearningRate { get; init; } = 1e-3;

        /// <summary>Baseline switch.</summary>
        [CommandOption("--no-score-maps")]
        [Description("Train the same head on the image features alone (no text, no score maps, no auxiliary loss).")]
        public bool NoScoreMaps { get; init; }

        /// <summary>Prompting mode.</summary>
        [CommandOption("--prompting <MODE>")]
        [Description("Vision-to-language prompting: post (context decoder updates the class embeddings with γ; upstream), pre (a decoder turns learnable queries and the image into the text encoder's context) or both.")]
        [DefaultValue("post")]
        public string Prompting { get; init; } = "post";

        /// <summary>Map blocks.</summary>
        [CommandOption("--extract-layers <LIST>")]
        [Description("CLIP blocks whose tokens feed the head; the last also receives the score maps.")]
        [DefaultValue("0,1,2")]
        public string ExtractLayers { get; init; } = "0,1,2";

        /// <summary>Sample limit.</summary>
        [CommandOption("--count <N>")]
        [Description("Use at most N images (name order).")]
        public int? Count { get; init; }

        private static readonly string[] PromptingModes = ["post", "pre", "both"];

        /// <inheritdoc />
        public override ValidationResult Validate()
        {
            if (MaxSteps < 1) { return ValidationResult.Error("--max-steps: must be at least 1"); }
            if (Batch < 1) { return ValidationResult.Error("--batch: must be at least 1"); }
            if (!double.IsFinite(LearningRate) || LearningRate <= 0) { return ValidationResult.Error("--lr: must be positive"); }
            if (Count is < 1) { return ValidationResult.Error("--count: must be at least 1"); }
            if (Workers < 1) { return ValidationResult.Error("--workers: must be at least 1"); }
            var mode = Prompting.Trim();
            if (!PromptingModes.Contains(mode, StringComparer.OrdinalIgnoreCase)) { return ValidationResult.Error($"--prompting: must be post, pre or both (got '{Prompting}')"); }
            if (NoScoreMaps && !string.Equals(mode, "post", StringComparison.OrdinalIgnoreCase)) { return ValidationResult.Error("--prompting: pre-model prompting needs the text side (not with --no-score-maps)"); }
            return ValidationResult.Success();
        }
    }

    /// <summary>The world's semantic classes: background, then the shapes (mask value = shape + 1).</summary>
    internal static IReadOnlyList<string> WorldClasses { get; } = ["background", .. WorldVocabulary.Shapes];

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var (images, masks) = WorldFolders(settings.Data);
        var blocks = ClipSegLoading.ParseLayers(settings.ExtractLayers);
        TorchRuntime.EnsureLoaded();
        torch.set_num_threads(settings.Workers);
        var clock = Stopwatch.StartNew();
        var loadBefore = LoadAverage.Read();
        var prompting = DenseClipTraining.ParsePrompting(settings.Prompting, "--prompting");
        using var segmentor = Build(settings, !settings.NoScoreMaps, blocks, settings.Seed, out var clipConfig, prompting);
        using var samples = SegmentationSamples.Load(images, masks, WorldClasses.Count, clipConfig.Mean, clipConfig.Std, settings.Count, cancellationToken);
        Guard.That(samples.Images.shape[2] % clipConfig.VisionPatchSize == 0, "--data", $"image side {samples.Images.shape[2]} must be a multiple of CLIP's patch size {clipConfig.VisionPatchSize}");
        var trainable = segmentor.named_parameters().Where(p => !segmentor.FrozenPrefixes.Any(f => p.name.StartsWith(f, StringComparison.Ordinal))).Sum(p => p.parameter.numel());
        console.Info(string.Create(CultureInfo.InvariantCulture, $"{samples.Count} images {samples.Images.shape[2]}×{samples.Images.shape[3]}; {(segmentor.UsesScoreMaps ? $"DenseCLIP (score maps + auxiliary loss, {(prompting == DenseClipPrompting.Both ? "pre- and post" : DenseClipTraining.PromptingName(prompting))}-model prompting)" : "head without score maps")}, {trainable:N0} trainable parameters"));
        Directory.CreateDirectory(settings.Out);
        var options = new DenseClipTrainingOptions
        {
            Steps = settings.MaxSteps, BatchSize = settings.Batch, LearningRate = settings.LearningRate, Seed = settings.Seed, OutputDirectory = settings.Out,
        };
        var metadata = new Dictionary<string, string> { ["classes"] = string.Join(",", WorldClasses), ["extract_layers"] = string.Join(",", blocks) };
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
            (result, weights) = DenseClipTraining.Train(segmentor, samples, options, metadata, progress, cancellationToken);
        });
        var r = result!;
        if (r.Metrics.Count > 0) { LossPlot.Write(Path.Combine(settings.Out, LossPlot.FileName), r.Metrics); }
        var first = r.Metrics.Count > 0 ? r.Metrics.Take(Math.Min(20, r.Metrics.Count)).Average(m => m.Loss) : double.NaN;
        var last = r.Metrics.Count > 0 ? r.Metrics.TakeLast(Math.Min(20, r.Metrics.Count)).Average(m => m.Loss) : double.NaN;
        if (weights is not null)
        {
            var card = new JsonObject
            {
                ["data"] = Path.GetFullPath(settings.Data), ["images"] = samples.Count, ["score_maps"] = segmentor.UsesScoreMaps,
                ["prompting"] = segmentor.UsesScoreMaps ? DenseClipTraining.PromptingName(prompting) : null,
                ["classes"] = new JsonArray(WorldClasses.Select(c => (JsonNode)c).ToArray()), ["extract_layers"] = new JsonArray(blocks.Select(b => (JsonNode)b).ToArray()),
                ["trainable_parameters"] = trainable, ["steps"] = r.Steps, ["batch"] = settings.Batch, ["lr"] = settings.LearningRate, ["seed"] = settings.Seed,
                ["threads"] = settings.Workers, ["resumed_from_step"] = r.ResumedFromStep, ["wall_seconds_this_run"] = Math.Round(clock.Elapsed.TotalSeconds, 1),
                ["load_average_before"] = loadBefore, ["load_average_after"] = LoadAverage.Read(),
                ["loss_first_20"] = Math.Round(first, 5), ["loss_last_20"] = Math.Round(last, 5),
                ["command"] = "tessera " + string.Join(' ', context.Arguments.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a)),
            };
            AtomicFile.WriteAllText(Path.Combine(settings.Out, "card.json"), card.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        }
        console.Info(string.Format(CultureInfo.InvariantCulture, "{0} steps{1}{2}: loss {3:F4} → {4:F4} (mean of first/last 20 steps), {5:F0} s",
            r.Steps, r.ResumedFromStep > 0 ? $" (resumed from step {r.ResumedFromStep})" : "", r.Cancelled ? " (cancelled; rerun to resume)" : "", first, last, clock.Elapsed.TotalSeconds));
        if (r.Metrics.Any(m => !double.IsFinite(m.Loss))) { console.Warning("the loss was not finite at some step (see metrics.csv)"); }
        if (weights is not null) { console.Data(weights); }
        return r.Cancelled ? 130 : 0;
    }

    /// <summary>The segmentor on the CLIP (torch seeded first, so the fresh parts are reproducible).</summary>
    internal static DenseClipSegmentor Build(ClipWeightsSettings clip, bool scoreMaps, IReadOnlyList<int> blocks, ulong seed, out ClipConfig clipConfig,
        DenseClipPrompting prompting = DenseClipPrompting.Post)
    {
        var clipPath = clip.Clip;
        if (!File.Exists(clipPath) && !Directory.Exists(clipPath)) { throw new TesseraArgumentException("--clip", $"'{clipPath}' does not exist"); }
        (var openAi, clipConfig) = ClipHeadOptions.Read(clipPath, clip.TextHeads, clip.VisionHeads);
        using var ownedOpenAi = openAi;
        var depth = clipConfig.VisionLayers;
        Guard.That(blocks.Count > 0 && blocks.All(b => b >= 0 && b < depth), "--extract-layers", $"blocks must lie in [0, {depth})");
        var tokenizer = ClipSegLoading.Tokenizer(clipPath, clip.Vocab);
        torch.manual_seed(unchecked((long)seed));
        return DenseClipWorld.Build(openAi, clipConfig, tokenizer, WorldClasses, scoreMaps, blocks, prompting: prompting);
    }

    /// <summary>images/ and masks/semantic/ of a world folder.</summary>
    internal static (string Images, string Masks) WorldFolders(string data)
    {
        var images = Path.Combine(data, "images");
        var masks = Path.Combine(data, "masks", "semantic");
        return Directory.Exists(images) && Directory.Exists(masks) ? (images, masks)
            : throw new TesseraArgumentException("--data", $"'{data}' must hold images/ and masks/semantic/ (tessera world generate writes them)");
    }
}
