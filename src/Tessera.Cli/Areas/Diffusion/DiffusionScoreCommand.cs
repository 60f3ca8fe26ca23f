using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console.Cli;
using Tessera.Cli.Hosting;
using Tessera.Core.Errors;
using Tessera.Diffusion.Evaluation;
using Tessera.Diffusion.Sampling;
using Tessera.Diffusion.Schedules;
using Tessera.Nn.Runtime;
using static TorchSharp.torch;

namespace Tessera.Cli.Areas.Diffusion;

/// <summary><c>tessera diffusion score --classifier DIR (--weights DIR | --images DIR | --input FILE.npy)</c>: the Fréchet
/// distance of samples to real test digits in the classifier's feature space, its confident accuracy and class histogram.</summary>
internal sealed class DiffusionScoreCommand(CliConsole console) : Command<DiffusionScoreCommand.Settings>
{
    /// <summary>Arguments of <c>diffusion score</c>.</summary>
    internal sealed class Settings : SeededSettings
    {
        /// <summary>Classifier folder.</summary>
        [CommandOption("--classifier <DIR>", isRequired: true)]
        [Description("Folder written by diffusion classifier.")]
        public string Classifier { get; init; } = "";

        /// <summary>Diffusion model.</summary>
        [CommandOption("--weights <DIR>")]
        [Description("Sample from this diffusion model folder and score the samples. Give exactly one of --weights, --images and --input.")]
        public string? Model { get; init; }

        /// <summary>Image folder.</summary>
        [CommandOption("--images <DIR>")]
        [Description("Score the images of this folder (grey, centred on a 32×32 canvas).")]
        public string? Images { get; init; }

        /// <summary>npy.</summary>
        [CommandOption("--input <FILE>")]
        [Description("Score a float32 N×1×32×32 .npy with values from -1 to 1 (as written by diffusion sample --npy).")]
        public string? Input { get; init; }

        /// <summary>Reference split.</summary>
        [CommandOption("--digits <SPLIT>")]
        [Description("MNIST split whose features are the reference of the Fréchet distance: train, test or all.")]
        [DefaultValue("test")]
        public string Digits { get; init; } = "test";

        /// <summary>Confidence threshold.</summary>
        [CommandOption("--confidence <P>")]
        [Description("Top class probability a sample needs to count as confidently read.")]
        [DefaultValue(0.9)]
        public double Confidence { get; init; } = 0.9;

        /// <summary>Count.</summary>
        [CommandOption("--count <N>")]
        [Description("Samples to draw with --weights (with --images/--input: score at most the first N; 0 = all).")]
        [DefaultValue(256)]
        public int Count { get; init; } = 256;

        /// <summary>Batch.</summary>
        [CommandOption("--batch <B>")]
        [Description("Samples per network call (results do not depend on it).")]
        [DefaultValue(64)]
        public int Batch { get; init; } = 64;

        /// <summary>Respacing.</summary>
        [CommandOption("--respacing <SPEC>")]
        [Description("Sampling steps with --weights: empty = all training steps, N, section counts or ddimN.")]
        [DefaultValue("")]
        public string Respacing { get; init; } = "";

        /// <summary>DDIM.</summary>
        [CommandOption("--ddim")]
        [Description("DDIM steps instead of ancestral ones.")]
        public bool Ddim { get; init; }

        /// <summary>Grid.</summary>
        [CommandOption("-o|--out <FILE>")]
        [Description("Also write the scored images as a grid PNG.")]
        public string? Out { get; init; }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var sources = new[] { settings.Model, settings.Images, settings.Input }.Count(s => s is not null);
        Guard.That(sources == 1, "--weights", "give exactly one of --weights DIR, --images DIR and --input FILE.npy");
        Guard.That(settings.Confidence > 0 && settings.Confidence <= 1, "--confidence", $"must be in (0, 1] (got {settings.Confidence})");
        Guard.That(settings.Count >= (settings.Model is null ? 0 : 2), "--count", $"must be ≥ 2 when sampling (got {settings.Count})");
        Guard.That(settings.Batch >= 1, "--batch", $"must be ≥ 1 (got {settings.Batch})");
        Guard.That(settings.Workers >= 1, "--workers", $"must be ≥ 1 (got {settings.Workers})");
        if (settings.Input is not null && !File.Exists(settings.Input)) { throw new TesseraArgumentException("--input", $"file '{settings.Input}' does not exist"); }
        var reference = DiffusionTrainingData.LoadDigits(settings.Digits, "--digits");
        TorchRuntime.EnsureLoaded();
        TorchSharp.torch.set_num_threads(settings.Workers);
        using var classifier = DigitClassifierFiles.Load(settings.Classifier, "--classifier");
        using var scope = NewDisposeScope();
        var inv = CultureInfo.InvariantCulture;
        var samplingJson = "";
        Tensor samples;
        if (settings.Model is not null)
        {
            var (spec, model) = DiffusionModelFiles.Load(settings.Model, ema: true);
            using (model)
            {
                Guard.That(spec.ImageSize == DigitClassifier.Side && spec.UNet.InChannels == classifier.Channels, "--weights",
                    $"the model makes {spec.UNet.InChannels}×{spec.ImageSize}² images; the classifier reads {classifier.Channels}×{DigitClassifier.Side}²");
                var steps = TimestepSpacing.Parse(spec.Process.Steps, settings.Respacing).Length;
                var clock = Stopwatch.StartNew();
                samples = DiffusionSampler.Sample(model, spec.Process, spec.ImageShape,
                    new SamplingOptions { Count = settings.Count, BatchSize = settings.Batch, Seed = (long)settings.Seed, Respacing = settings.Respacing, Ddim = settings.Ddim },
                    new SyncProgress(r => console.Info($"sampled {r.Done}/{r.Total}")), cancellationToken);
                var seconds = clock.Elapsed.TotalSeconds;
                samplingJson = string.Format(inv, ", \"steps\": {0}, \"ddim\": {1}, \"seed\": {2}, \"sampling_seconds\": {3:F1}", steps, settings.Ddim ? "true" : "false", settings.Seed, seconds);
            }
        }
        else if (settings.Images is not null)
        {
            var files = DiffusionImages.List(settings.Images, "--images");
            if (settings.Count > 0) { files = [.. files.Take(settings.Count)]; }
            samples = stack(files.Select(f => DiffusionImages.Load(f, classifier.Channels, DigitClassifier.Side)).ToList());
        }
        else
        {
            using var stream = File.OpenRead(settings.Input!);
            var array = Core.Arrays.Npy.Read(stream, settings.Input!);
            samples = Tessera.Nn.Tensors.ImageTensors.ToTensor(array).to_type(ScalarType.Float32);
            Guard.That(samples.dim() == 4 && samples.shape[1] == classifier.Channels && samples.shape[2] == DigitClassifier.Side && samples.shape[3] == DigitClassifier.Side,
                "--input", $"'{settings.Input}' must hold N×{classifier.Channels}×{DigitClassifier.Side}×{DigitClassifier.Side} (got {string.Join("×", samples.shape)})");
            if (settings.Count > 0 && samples.shape[0] > settings.Count) { samples = samples[..settings.Count]; }
        }
        Guard.That(samples.shape[0] >= 2, "--count", "at least two images are needed for a covariance");
        var realImages = DiffusionTrainingData.DigitTensors(reference, reference.Count, classifier.Channels, DigitClassifier.Side);
        var (realFeatures, _) = SampleQuality.Embed(classifier, realImages);
        var report = SampleQuality.Score(classifier, samples, realFeatures, settings.Confidence);
        if (settings.Out is not null) { DiffusionImages.WriteSquareGrid(settings.Out, samples); }
        console.Data(string.Format(inv,
            "{{\"count\": {0}{1}, \"reference\": \"{2}\", \"reference_count\": {3}, \"frechet_distance\": {4:R}, \"confidence\": {5:R}, \"confident_share\": {6:R}, \"mean_confidence\": {7:R}, \"histogram\": [{8}], \"confident_histogram\": [{9}]}}",
            report.Count, samplingJson, settings.Digits, reference.Count, report.FrechetDistance, report.Threshold, report.ConfidentShare, report.MeanConfidence,
            string.Join(", ", report.Histogram), string.Join(", ", report.ConfidentHistogram)));
        return ExitCodes.Ok;
    }
}
