using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Errors;
using Tessera.Core.IO;
using Tessera.Core.Random;
using Tessera.Data.Coco;
using Tessera.Imaging;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Augment;

/// <summary>
/// <c>tessera augment run</c>: augments a folder of images (+ masks, + COCO boxes and keypoints) with an
/// albumentations pipeline. Sample <c>i·K + r</c> (image i, repetition r) draws from stream <c>i·K + r</c> of the seed,
/// so the output is identical for any <c>--workers</c>; finished samples are skipped on a re-run (resumable).
/// </summary>
internal sealed class AugmentRunCommand(CliConsole console) : Command<AugmentRunCommand.Settings>
{

    /// <summary>Arguments of <c>augment run</c>.</summary>
    internal sealed class Settings : SeededSettings
    {
        /// <summary>Pipeline file.</summary>
        [CommandOption("--pipeline <FILE>", isRequired: true)]
        [Description("albumentations pipeline (.json or .yaml, as A.save writes it).")]
        public string Pipeline { get; init; } = "";

        /// <summary>Image folder.</summary>
        [CommandOption("--images <DIR>", isRequired: true)]
        [Description("Folder of input images.")]
        public string Images { get; init; } = "";

        /// <summary>Mask folder.</summary>
        [CommandOption("--masks <DIR>")]
        [Description("Optional folder of label masks named <image stem>.png.")]
        public string? Masks { get; init; }

        /// <summary>COCO file.</summary>
        [CommandOption("--coco <FILE>")]
        [Description("Optional COCO annotations for the images: boxes, keypoints and segmentations (polygons or RLE, moved as instance masks and written back as RLE).")]
        public string? Coco { get; init; }

        /// <summary>Output folder.</summary>
        [CommandOption("--out <DIR>", isRequired: true)]
        [Description("Output folder: <name>.png (float images, e.g. after Normalize: <name>.npy, lossless; after ToTensorV2: the C×H×W array as <name>.npy), masks/<name>.png, annotations.json.")]
        public string Out { get; init; } = "";

        /// <summary>Repetitions per image.</summary>
        [CommandOption("--repeat <K>")]
        [Description("Augmented copies per image.")]
        [DefaultValue(1)]
        public int Repeat { get; init; } = 1;

        /// <inheritdoc />
        public override ValidationResult Validate()
        {
            if (Repeat < 1) { return ValidationResult.Error("--repeat must be ≥ 1"); }
            if (Workers < 1) { return ValidationResult.Error("--workers must be ≥ 1"); }
            return ValidationResult.Success();
        }
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var job = AugmentJob.Create(settings.Pipeline, settings.Images, settings.Masks, settings.Coco, settings.Out, settings.Seed, settings.Repeat);
        var done = 0;
        var skipped = 0;
        console.Err.Progress().AutoClear(true).Start(ctx =>
        {
            var task = ctx.AddTask("augment", maxValue: job.Count);
            var options = new ParallelOptions { MaxDegreeOfParallelism = settings.Workers, CancellationToken = cancellationToken };
            try
            {
                Parallel.For(0, job.Count, options, i =>
                {
                    if (job.Run(i))
                    {
                        Interlocked.Increment(ref done);
                    }
                    else
                    {
                        Interlocked.Increment(ref skipped);
                    }
                    task.Increment(1);
                });
            }
            catch (AggregateException e)
            {
                // a failing sample is reported as itself (one error line, exit 2 for bad input), not as "One or more errors occurred"
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.Flatten().InnerExceptions[0]).Throw();
            }
        });
        job.WriteAnnotations();
        console.Info(string.Create(CultureInfo.InvariantCulture, $"{done} samples written, {skipped} already done, to {settings.Out}"));
        return 0;
    }
}
