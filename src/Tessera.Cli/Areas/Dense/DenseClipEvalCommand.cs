using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Spectre.Console.Cli;
using Tessera.Cli.Hosting;
using Tessera.Core.Errors;
using Tessera.Dense.DenseClip.Training;
using Tessera.Dense.SegFix;
using Tessera.Imaging;
using Tessera.Nn.Runtime;
using Tessera.Nn.Weights;
using TorchSharp;

namespace Tessera.Cli.Areas.Dense;

/// <summary><c>tessera denseclip eval --data DIR --clip CLIP --weights FILE</c>: mIoU of a trained DenseCLIP (or
/// baseline) segmentor on a world, optionally after SegFix, and a score-map picture per class.</summary>
internal sealed class DenseClipEvalCommand(CliConsole console) : Command<DenseClipEvalCommand.Settings>
{
    /// <summary>Arguments of <c>denseclip eval</c>.</summary>
    internal sealed class Settings : ClipWeightsSettings
    {
        /// <summary>Data.</summary>
        [CommandOption("--data <DIR>", isRequired: true)]
        [Description("World folder with images/ and masks/semantic/.")]
        public string Data { get; init; } = "";

        /// <summary>Weights.</summary>
        [CommandOption("--weights <FILE>", isRequired: true)]
        [Description("denseclip.safetensors written by denseclip train.")]
        public string Weights { get; init; } = "";

        /// <summary>SegFix.</summary>
        [CommandOption("--segfix")]
        [Description("Also score the label maps after the shipped SegFix network (SegFixPretrained) refines them.")]
        public bool SegFix { get; init; }

        /// <summary>Picture.</summary>
        [CommandOption("--score-maps <FILE>")]
        [Description("Write a PNG of the first image and its score map per class (DenseCLIP weights only).")]
        public string? ScoreMaps { get; init; }

        /// <summary>Sample limit.</summary>
        [CommandOption("--count <N>")]
        [Description("Score at most N images (name order).")]
        public int? Count { get; init; }

        /// <summary>JSON.</summary>
        [CommandOption("--json")]
        [Description("Print the scores as JSON instead of a table.")]
        public bool Json { get; init; }

        /// <inheritdoc />
        public override ValidationResult Validate() => Count is < 1 ? ValidationResult.Error("--count: must be at least 1") : ValidationResult.Success();
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var (images, masks) = DenseClipTrainCommand.WorldFolders(settings.Data);
        if (!File.Exists(settings.Weights)) { throw new TesseraArgumentException("--weights", $"'{settings.Weights}' does not exist"); }
        TorchRuntime.EnsureLoaded();
        var (weights, metadata) = CheckpointReader.ReadSafetensors(settings.Weights);
        using var _ = weights;
        if (!metadata.TryGetValue("format", out var format) || format != "denseclip-segmentor")
        {
            throw new TesseraArgumentException("--weights", $"'{settings.Weights}' was not written by denseclip train (no format=denseclip-segmentor metadata)");
        }
        var scoreMaps = metadata.TryGetValue("score_maps", out var sm) && sm == "true";
        var blocks = ClipSegLoading.ParseLayers(metadata.TryGetValue("extract_layers", out var el) ? el : "0,1,2");
        // Files written before pre-model prompting existed carry no "prompting" entry: they are post-model.
        var prompting = DenseClipTraining.ParsePrompting(metadata.TryGetValue("prompting", out var pm) ? pm : "post", "--weights");
        using var segmentor = DenseClipTrainCommand.Build(settings, scoreMaps, blocks, 0, out var clipConfig, prompting);
        DenseClipWorld.LoadTrained(segmentor, weights);
        var classes = DenseClipTrainCommand.WorldClasses;
        using var samples = SegmentationSamples.Load(images, masks, classes.Count, clipConfig.Mean, clipConfig.Std, settings.Count, cancellationToken);
        var predictions = DenseClipEvaluation.Predict(segmentor, samples, cancellationToken: cancellationToken);
        var rows = new List<(bool SegFix, SegmentationScores Scores)> { (false, DenseClipEvaluation.Score(predictions, samples, classes.Count)) };
        if (settings.SegFix)
        {
            using var segfix = SegFixPretrained.CompactPredictor();
            var refined = predictions.Select((p, i) => SegFixMasks.RefineLabels(segfix, samples.RawImage(i), p)).ToList();
            rows.Add((true, DenseClipEvaluation.Score(refined, samples, classes.Count)));
        }
        if (settings.ScoreMaps is { } picture)
        {
            Guard.That(scoreMaps, "--score-maps", "needs DenseCLIP weights (these were trained with --no-score-maps)");
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            var (_, scores) = segmentor.forward(samples.Images.narrow(0, 0, 1));
            using var strip = ScoreMapPicture.Render(samples.RawImage(0), scores!.squeeze(0));
            ImageFile.Write(picture, strip);
            console.Info($"score maps of '{samples.Names[0]}' ({string.Join(", ", classes)}, left to right after the image) → {picture}");
        }
        if (settings.Json)
        {
            console.Data(new JsonObject
            {
                ["weights"] = settings.Weights, ["score_maps"] = scoreMaps, ["prompting"] = scoreMaps ? DenseClipTraining.PromptingName(prompting) : null, ["images"] = samples.Count,
                ["rows"] = new JsonArray(rows.Select(r => (JsonNode)new JsonObject
                {
                    ["segfix"] = r.SegFix, ["miou"] = Math.Round(r.Scores.MeanIoU, 4), ["pixel_accuracy"] = Math.Round(r.Scores.PixelAccuracy, 4),
                    ["class_iou"] = new JsonObject(classes.Select((c, i) => new KeyValuePair<string, JsonNode?>(c, double.IsFinite(r.Scores.ClassIoU[i]) ? Math.Round(r.Scores.ClassIoU[i], 4) : null))),
                }).ToArray()),
            }.ToJsonString());
        }
        else
        {
            console.Data("segfix\tmIoU\tpixel-acc\t" + string.Join('\t', classes));
            foreach (var (segfixed, s) in rows)
            {
                console.Data(string.Create(CultureInfo.InvariantCulture, $"{(segfixed ? "yes" : "no")}\t{s.MeanIoU:F3}\t{s.PixelAccuracy:F3}\t") +
                    string.Join('\t', s.ClassIoU.Select(v => v.ToString("F3", CultureInfo.InvariantCulture))));
            }
        }
        return 0;
    }
}
