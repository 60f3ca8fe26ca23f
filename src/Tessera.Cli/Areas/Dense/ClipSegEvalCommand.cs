using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Cli;
using Tessera.Cli.Hosting;
using Tessera.Core.Errors;
using Tessera.Dense.ClipSeg;
using Tessera.Dense.ClipSeg.Training;
using Tessera.Dense.SegFix;
using Tessera.Nn.Runtime;
using Tessera.Nn.Weights;
using TorchSharp;

namespace Tessera.Cli.Areas.Dense;

/// <summary><c>tessera clipseg eval --data DIR --clip CLIP --weights DECODER</c>: mIoU, foreground IoU and AP of a
/// CLIPSeg decoder on referring expressions, by text and by visual prompts, split into phrases seen in training and
/// phrases with held-out word combinations, optionally after SegFix.</summary>
internal sealed class ClipSegEvalCommand(CliConsole console) : Command<ClipSegEvalCommand.Settings>
{
    /// <summary>Arguments of <c>clipseg eval</c>.</summary>
    internal sealed class Settings : ClipWeightsSettings
    {
        /// <summary>Evaluation data.</summary>
        [CommandOption("--data <PATH>", isRequired: true)]
        [Description("Referring-expression JSON or a folder holding referring.json.")]
        public string Data { get; init; } = "";

        /// <summary>Decoder.</summary>
        [CommandOption("--weights <FILE>", isRequired: true)]
        [Description("CLIPSeg decoder (clipseg-decoder.safetensors from clipseg train, or a released checkpoint).")]
        public string Weights { get; init; } = "";

        /// <summary>Extract layers.</summary>
        [CommandOption("--extract-layers <LIST>")]
        [Description("CLIP blocks the decoder reads; default: those stored in the decoder file, else 3,7,9.")]
        public string? ExtractLayers { get; init; }

        /// <summary>Input side.</summary>
        [CommandOption("--size <N>")]
        [Description("Side images are resized to; default: the data's image side.")]
        public int? Size { get; init; }

        /// <summary>Held-out combinations.</summary>
        [CommandOption("--holdout <LIST>")]
        [Description("Comma-separated word combinations held out of training: phrases containing one are scored as 'unseen'.")]
        public string? Holdout { get; init; }

        /// <summary>Threshold.</summary>
        [CommandOption("--threshold <X>")]
        [Description("Probability above which a pixel is foreground (0..1).")]
        [DefaultValue(0.5)]
        public double Threshold { get; init; } = 0.5;

        /// <summary>SegFix.</summary>
        [CommandOption("--segfix")]
        [Description("Also score the masks after the shipped SegFix network (SegFixPretrained) refines them.")]
        public bool SegFix { get; init; }

        /// <summary>Sample limit.</summary>
        [CommandOption("--count <N>")]
        [Description("Score at most N referring expressions (file order).")]
        public int? Count { get; init; }

        /// <summary>JSON output.</summary>
        [CommandOption("--json")]
        [Description("Print the scores as JSON instead of a table.")]
        public bool Json { get; init; }

        /// <inheritdoc />
        public override ValidationResult Validate()
        {
            if (Threshold is < 0 or > 1) { return ValidationResult.Error("--threshold: must lie in [0, 1]"); }
            if (Count is < 1) { return ValidationResult.Error("--count: must be at least 1"); }
            if (Size is < 8) { return ValidationResult.Error("--size: must be at least 8"); }
            return ValidationResult.Success();
        }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var referring = ClipSegLoading.ReferringFile(settings.Data);
        if (!File.Exists(settings.Weights)) { throw new TesseraArgumentException("--weights", $"'{settings.Weights}' does not exist"); }
        var holdout = ClipSegLoading.ParseHoldout(settings.Holdout);
        TorchRuntime.EnsureLoaded();
        var (clip, clipConfig) = ClipSegLoading.LoadClip(settings.Clip, settings.TextHeads, settings.VisionHeads);
        var tokenizer = ClipSegLoading.Tokenizer(settings.Clip, settings.Vocab);
        var (decoderWeights, metadata) = settings.Weights.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)
            ? CheckpointReader.ReadSafetensors(settings.Weights)
            : (CheckpointReader.Read(settings.Weights), new Dictionary<string, string>());
        using var _ = decoderWeights;
        var layerList = settings.ExtractLayers ?? (metadata.TryGetValue("extract_layers", out var stored) ? stored : "3,7,9");
        var layers = ClipSegLoading.ParseLayers(layerList);
        var config = ClipSegConfig.FromCheckpoint(decoderWeights, clipConfig, ClipSegConfig.Rd64 with { ExtractLayers = layers });
        using var model = ClipSegModel.Load(clip, decoderWeights, config);
        var size = settings.Size ?? (metadata.TryGetValue("size", out var s) ? int.Parse(s, CultureInfo.InvariantCulture) : clipConfig.ImageResolution);
        Guard.That(size % clipConfig.VisionPatchSize == 0, "--size", $"must be a multiple of CLIP's patch size {clipConfig.VisionPatchSize} (got {size})");
        using var data = ClipSegDataset.Load(referring, size, null, settings.Count, cancellationToken);
        using var bank = ClipSegPromptBank.Build(model, tokenizer, data, ClipSegPrompts.Plain, clipConfig.ImageResolution, cancellationToken: cancellationToken);
        var all = Enumerable.Range(0, data.Count).ToList();
        var examples = all.Select(i => bank.ExampleFor(i, data.ImageOf)).ToList();
        var withExample = all.Where(i => examples[i] is not null).ToList();
        var targets = ClipSegEvaluation.Targets(data, all);
        var text = ClipSegEvaluation.Predict(model, bank, data, all, 1, null, cancellationToken: cancellationToken);
        var visual = ClipSegEvaluation.Predict(model, bank, data, withExample, 0, withExample.Select(i => examples[i]!.Value).ToList(), cancellationToken: cancellationToken);
        var visualBySample = withExample.Select((i, k) => (i, k)).ToDictionary(p => p.i, p => visual[p.k]);
        List<float[]>? textFixed = null;
        Dictionary<int, float[]>? visualFixed = null;
        if (settings.SegFix)
        {
            foreach (var path in data.ImagePaths.Select((p, k) => (p, k)).Where(x => data.RawImage(x.k).Height != size || data.RawImage(x.k).Width != size).Take(1))
            {
                throw new TesseraArgumentException("--segfix", $"needs images of the --size side {size} (image '{path.p}' is {data.RawImage(path.k).Height}×{data.RawImage(path.k).Width})");
            }
            using var segfix = SegFixPretrained.CompactPredictor();
            // One SegFix prediction per image, shared by the masks of all its phrases.
            var predictions = Enumerable.Range(0, data.ImagePaths.Count).Select(k => segfix.Predict(data.RawImage(k))).ToList();
            textFixed = all.Select(i => SegFixMasks.RefineBinary(predictions[data.ImageOf[i]], text[i], settings.Threshold)).ToList();
            visualFixed = withExample.ToDictionary(i => i, i => SegFixMasks.RefineBinary(predictions[data.ImageOf[i]], visualBySample[i], settings.Threshold));
        }
        var rows = new List<(string Split, string Prompt, bool SegFix, ClipSegMetrics M, ClipSegMetrics? Best)>();
        var splits = new List<(string Name, List<int> Members)> { ("all", all) };
        if (holdout.Count > 0)
        {
            splits.Add(("seen", all.Where(i => !ClipSegLoading.IsHeldOut(data.Phrases[i], holdout)).ToList()));
            splits.Add(("unseen", all.Where(i => ClipSegLoading.IsHeldOut(data.Phrases[i], holdout)).ToList()));
        }
        (string, string, bool, ClipSegMetrics, ClipSegMetrics?) Row(string split, string prompt, List<float[]> p, List<byte[]> t)
            => (split, prompt, false, ClipSegEvaluation.Score(p, t, settings.Threshold), ClipSegEvaluation.ScoreBestThreshold(p, t));
        foreach (var (name, members) in splits)
        {
            if (members.Count == 0) { continue; }
            var withEx = members.Where(i => examples[i] is not null).ToList();
            rows.Add(Row(name, "text", members.Select(i => text[i]).ToList(), members.Select(i => targets[i]).ToList()));
            if (textFixed is not null) { rows.Add((name, "text", true, ClipSegEvaluation.Score(members.Select(i => textFixed[i]).ToList(), members.Select(i => targets[i]).ToList(), settings.Threshold), null)); }
            if (withEx.Count == 0) { continue; }
            rows.Add(Row(name, "text, with example", withEx.Select(i => text[i]).ToList(), withEx.Select(i => targets[i]).ToList()));
            rows.Add(Row(name, "visual", withEx.Select(i => visualBySample[i]).ToList(), withEx.Select(i => targets[i]).ToList()));
            if (visualFixed is not null) { rows.Add((name, "visual", true, ClipSegEvaluation.Score(withEx.Select(i => visualFixed[i]).ToList(), withEx.Select(i => targets[i]).ToList(), settings.Threshold), null)); }
        }
        if (settings.Json)
        {
            var array = new JsonArray(rows.Select(r => (JsonNode)new JsonObject
            {
                ["split"] = r.Split, ["prompt"] = r.Prompt, ["segfix"] = r.SegFix, ["samples"] = r.M.Samples,
                ["miou"] = Round(r.M.MeanIoU), ["fg_iou"] = Round(r.M.ForegroundIoU), ["bg_iou"] = Round(r.M.BackgroundIoU),
                // AP of a refined (binary) mask is not a ranking of scores: reported only for the model's probabilities.
                ["ap"] = r.SegFix ? null : Round(r.M.AveragePrecision),
                ["best_threshold"] = r.Best is null ? null : r.Best.Threshold, ["best_miou"] = r.Best is null ? null : Round(r.Best.MeanIoU),
                ["best_fg_iou"] = r.Best is null ? null : Round(r.Best.ForegroundIoU),
            }).ToArray());
            console.Data(new JsonObject { ["data"] = Path.GetFullPath(referring), ["weights"] = settings.Weights, ["size"] = size, ["threshold"] = settings.Threshold, ["rows"] = array }.ToJsonString());
        }
        else
        {
            console.Data(string.Create(CultureInfo.InvariantCulture, $"split\tprompt\tsegfix\tsamples\tmIoU@{settings.Threshold}\tFG-IoU@{settings.Threshold}\tbest θ\tmIoU@best\tFG-IoU@best\tAP"));
            foreach (var r in rows)
            {
                var best = r.Best is { } b ? string.Create(CultureInfo.InvariantCulture, $"{b.Threshold:F2}\t{b.MeanIoU:F3}\t{b.ForegroundIoU:F3}") : "-\t-\t-";
                var ap = r.SegFix ? "-" : r.M.AveragePrecision.ToString("F3", CultureInfo.InvariantCulture);
                console.Data(string.Create(CultureInfo.InvariantCulture, $"{r.Split}\t{r.Prompt}\t{(r.SegFix ? "yes" : "no")}\t{r.M.Samples}\t{r.M.MeanIoU:F3}\t{r.M.ForegroundIoU:F3}\t") + best + "\t" + ap);
            }
        }
        return 0;
    }

    private static double? Round(double v) => double.IsFinite(v) ? Math.Round(v, 4) : null;
}
