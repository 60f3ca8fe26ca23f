using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console.Cli;
using Tessera.Cli.Hosting;
using Tessera.Core.Errors;
using Tessera.Diffusion.Process;
using Tessera.Diffusion.Segmentation;
using Tessera.Nn.Runtime;
using static TorchSharp.torch;

namespace Tessera.Cli.Areas.Diffusion;

/// <summary>
/// <c>tessera diffusion segment --model DIR --train DIR --images DIR --classes K --out DIR</c>: DDPM-segmentation. Trains an
/// ensemble of pixel classifiers on the labelled images of <c>--train</c> (images/NAME.png + labels/NAME.png) with features
/// of the diffusion UNet, then writes a label PNG and an uncertainty PNG per image of <c>--images</c>.
/// </summary>
internal sealed class DiffusionSegmentCommand(CliConsole console) : Command<DiffusionSegmentCommand.Settings>
{
    /// <summary>Arguments of <c>diffusion segment</c>.</summary>
    internal sealed class Settings : SeededSettings
    {
        /// <summary>Model folder.</summary>
        [CommandOption("--weights <DIR>", isRequired: true)]
        [Description("Folder written by diffusion train.")]
        public string Model { get; init; } = "";

        /// <summary>Labelled set.</summary>
        [CommandOption("--train <DIR>", isRequired: true)]
        [Description("Labelled images: DIR/images/NAME.* and DIR/labels/NAME.png|pgm (label value = class, 255 = ignore).")]
        public string Train { get; init; } = "";

        /// <summary>Images to segment.</summary>
        [CommandOption("--images <DIR>", isRequired: true)]
        [Description("Folder of images to segment.")]
        public string Images { get; init; } = "";

        /// <summary>Classes.</summary>
        [CommandOption("--classes <K>", isRequired: true)]
        [Description("Number of classes K (labels 0..K-1).")]
        public int Classes { get; init; }

        /// <summary>Output folder.</summary>
        [CommandOption("-o|--out <DIR>", isRequired: true)]
        [Description("Output folder: NAME.png labels, NAME.uncertainty.png, summary.json.")]
        public string Out { get; init; } = "";

        /// <summary>Steps.</summary>
        [CommandOption("--feature-steps <LIST>")]
        [Description("Diffusion steps t of the features (comma-separated).")]
        [DefaultValue("50,150,250")]
        public string Steps { get; init; } = "50,150,250";

        /// <summary>Blocks.</summary>
        [CommandOption("--blocks <LIST>")]
        [Description("Decoder blocks of the features (comma-separated, 0-based output_blocks indices).")]
        [DefaultValue("2,3,4,5")]
        public string Blocks { get; init; } = "2,3,4,5";

        /// <summary>Members.</summary>
        [CommandOption("--members <N>")]
        [Description("Pixel classifiers in the ensemble.")]
        [DefaultValue(5)]
        public int Members { get; init; } = 5;

        /// <summary>Epochs.</summary>
        [CommandOption("--epochs <E>")]
        [Description("Passes over the labelled images.")]
        [DefaultValue(4)]
        public int Epochs { get; init; } = 4;

        /// <summary>Baseline.</summary>
        [CommandOption("--from-scratch")]
        [Description("Same-label baseline: train the diffusion model's UNet architecture from scratch on the labelled images (pixel cross-entropy, no diffusion features) and segment with it.")]
        public bool FromScratch { get; init; }

        /// <summary>Baseline steps.</summary>
        [CommandOption("--max-steps <N>")]
        [Description("Optimiser steps of the --from-scratch UNet.")]
        [DefaultValue(500)]
        public int BaselineSteps { get; init; } = 500;

        /// <summary>Baseline batch.</summary>
        [CommandOption("--batch <B>")]
        [Description("Labelled images per step of the --from-scratch UNet.")]
        [DefaultValue(4)]
        public int Batch { get; init; } = 4;
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Guard.That(settings.Classes >= 2, "--classes", $"must be ≥ 2 (got {settings.Classes})");
        var steps = ParseList(settings.Steps, "--feature-steps");
        var blocks = ParseList(settings.Blocks, "--blocks");
        TorchRuntime.EnsureLoaded();
        TorchSharp.torch.set_num_threads(Math.Max(1, settings.Workers));
        Guard.That(settings.BaselineSteps >= 1, "--max-steps", $"must be ≥ 1 (got {settings.BaselineSteps})");
        Guard.That(settings.Batch >= 1, "--batch", $"must be ≥ 1 (got {settings.Batch})");
        var (spec, model) = DiffusionModelFiles.Load(settings.Model, ema: true);
        if (settings.FromScratch)
        {
            model.Dispose();
            return RunBaseline(settings, spec, cancellationToken);
        }
        using (model)
        {
            var diffusion = GaussianDiffusion.Create(spec.Process with { TimestepRespacing = "" });
            var extractor = new DdpmFeatureExtractor(model, diffusion,
                new FeatureExtractorOptions { Steps = [.. steps], Blocks = [.. blocks], Seed = (long)settings.Seed });
            var trainImages = DiffusionImages.List(Path.Combine(settings.Train, "images"), "--train");
            var labelled = new FolderImages(trainImages, Path.Combine(settings.Train, "labels"), spec.UNet.InChannels, spec.ImageSize);
            var clock = Stopwatch.StartNew();
            using var ensemble = PixelSegmenter.Train(extractor, labelled, settings.Classes,
                new PixelClassifierTrainingOptions { Members = settings.Members, Epochs = settings.Epochs, Seed = (long)settings.Seed },
                new SyncProgress(r => console.Info($"train {r.Stage}: {r.Done}/{r.Total}")), cancellationToken);
            Directory.CreateDirectory(settings.Out);
            var inv = CultureInfo.InvariantCulture;
            var uncertainties = new List<string>();
            foreach (var file in DiffusionImages.List(settings.Images, "--images"))
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var image = DiffusionImages.Load(file, spec.UNet.InChannels, spec.ImageSize).unsqueeze(0);
                using var seg = PixelSegmenter.Segment(extractor, ensemble, image);
                var name = Path.GetFileNameWithoutExtension(file);
                DiffusionImages.WriteLabels(Path.Combine(settings.Out, name + ".png"), seg.Labels);
                DiffusionImages.WriteLabels(Path.Combine(settings.Out, name + ".uncertainty.png"), seg.Disagreement, (float)(255 / Math.Log(settings.Members > 1 ? settings.Members : 2)));
                uncertainties.Add(string.Format(inv, "{{\"image\": \"{0}\", \"uncertainty\": {1:R}}}", name, seg.Uncertainty));
            }
            var summary = string.Format(inv, "{{\"method\": \"ddpm-features\", \"labelled\": {0}, \"feature_dim\": {1}, \"seconds\": {2:F1}, \"images\": [{3}]}}",
                trainImages.Count, extractor.FeatureDim, clock.Elapsed.TotalSeconds, string.Join(", ", uncertainties));
            Core.IO.AtomicFile.WriteAllText(Path.Combine(settings.Out, "summary.json"), summary);
            console.Data(summary);
        }
        return ExitCodes.Ok;
    }

    /// <summary>The same-label UNet baseline: trained from scratch, one label PNG per image, summary.json.</summary>
    private int RunBaseline(Settings settings, Tessera.Diffusion.Models.DiffusionModelSpec spec, CancellationToken cancellationToken)
    {
        var trainImages = DiffusionImages.List(Path.Combine(settings.Train, "images"), "--train");
        var labelled = new FolderImages(trainImages, Path.Combine(settings.Train, "labels"), spec.UNet.InChannels, spec.ImageSize);
        var clock = Stopwatch.StartNew();
        var options = new SupervisedUNetOptions { Steps = settings.BaselineSteps, BatchSize = settings.Batch, Seed = (long)settings.Seed };
        using var unet = SupervisedUNet.Train(spec.UNet, labelled, settings.Classes, options,
            new SyncProgress(r => { if (r.Done % 50 == 0 || r.Done == r.Total) { console.Info($"baseline step {r.Done}/{r.Total}: {r.Detail}"); } }), cancellationToken);
        Directory.CreateDirectory(settings.Out);
        var files = DiffusionImages.List(settings.Images, "--images");
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var image = DiffusionImages.Load(file, spec.UNet.InChannels, spec.ImageSize).unsqueeze(0);
            DiffusionImages.WriteLabels(Path.Combine(settings.Out, Path.GetFileNameWithoutExtension(file) + ".png"), SupervisedUNet.Segment(unet, image));
        }
        var summary = string.Format(CultureInfo.InvariantCulture, "{{\"method\": \"unet-from-scratch\", \"labelled\": {0}, \"steps\": {1}, \"batch\": {2}, \"seconds\": {3:F1}, \"images\": {4}}}",
            trainImages.Count, settings.BaselineSteps, settings.Batch, clock.Elapsed.TotalSeconds, files.Count);
        Core.IO.AtomicFile.WriteAllText(Path.Combine(settings.Out, "summary.json"), summary);
        console.Data(summary);
        return ExitCodes.Ok;
    }

    private static int[] ParseList(string text, string option)
        => [.. text.Split(',').Select(s => int.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0 ? v
            : throw new TesseraArgumentException(option, $"'{text}' must be comma-separated non-negative integers"))];

    /// <summary>images/NAME.* with labels/NAME.png, loaded one at a time.</summary>
    private sealed class FolderImages(IReadOnlyList<string> images, string labels, int channels, int size) : ILabelledImages
    {
        private static readonly string[] LabelExtensions = [".png", ".pgm", ".bmp"];

        public int Count => images.Count;

        public (Tensor Image, Tensor Labels) Load(int index)
        {
            var stem = Path.Combine(labels, Path.GetFileNameWithoutExtension(images[index]));
            var label = LabelExtensions.Select(e => stem + e).FirstOrDefault(File.Exists)
                ?? throw new TesseraArgumentException("--train", $"no label file {stem}.png for '{images[index]}'");
            return (DiffusionImages.Load(images[index], channels, size).unsqueeze(0), DiffusionImages.LoadLabels(label, size));
        }
    }
}
