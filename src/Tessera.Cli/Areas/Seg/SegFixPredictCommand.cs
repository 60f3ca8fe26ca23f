using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using Tessera.Core.Arrays;
using Tessera.Core.Errors;
using Tessera.Data.Folders;
using Tessera.Dense.SegFix;
using Tessera.Segmentation.Labels;
using Tessera.Segmentation.SegFix;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Seg;

/// <summary>
/// <c>tessera segfix predict --weights W --image IMG --pred PRED.png --out REFINED.png [--offsets-out OFF.npy]</c>: the
/// network's offsets for an image, then SegFix refinement of another model's prediction.
/// </summary>
internal sealed class SegFixPredictCommand(CliConsole console) : Command<SegFixPredictCommand.Settings>
{
    /// <summary>Arguments of <c>segfix predict</c>.</summary>
    internal sealed class Settings : CommonSettings
    {
        /// <summary>Weights.</summary>
        [CommandOption("--weights <FILE>", isRequired: true)]
        [Description("segfix.safetensors written by `segfix train`.")]
        public string Weights { get; init; } = "";

        /// <summary>Image.</summary>
        [CommandOption("--image <IMG>", isRequired: true)]
        [Description("RGB image (PNG/JPEG) the prediction belongs to.")]
        public string Image { get; init; } = "";

        /// <summary>Prediction.</summary>
        [CommandOption("--pred <PNG>")]
        [Description("Label PNG to refine (same size as the image).")]
        public string? Pred { get; init; }

        /// <summary>Output.</summary>
        [CommandOption("-o|--out <PNG>")]
        [Description("Refined label PNG.")]
        public string? Out { get; init; }

        /// <summary>Offsets output.</summary>
        [CommandOption("--offsets-out <NPY>")]
        [Description("Also write the predicted offsets [[H, W, 2]] int8 (row, col) .npy.")]
        public string? OffsetsOut { get; init; }

        /// <summary>Scale.</summary>
        [CommandOption("--scale <S>")]
        [Description("Offset multiplier (SegFix default 2).")]
        [DefaultValue(2)]
        public int Scale { get; init; } = 2;
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Guard.That((settings.Pred is null) == (settings.Out is null), "--out", "--pred and --out go together");
        Guard.That(settings.Pred is not null || settings.OffsetsOut is not null, "--out", "give --pred/--out, --offsets-out or both");
        Guard.That(settings.Scale >= 1, "--scale", $"must be ≥ 1 (got {settings.Scale})");
        var image = ImageLabelFolder.ReadRgb(settings.Image);
        using var predictor = SegFixPredictor.Load(settings.Weights);
        var prediction = predictor.Predict(image);
        var inv = CultureInfo.InvariantCulture;
        if (settings.OffsetsOut is not null)
        {
            Npy.Write(settings.OffsetsOut, prediction.Offsets);
        }
        var boundaryPixels = prediction.BoundaryProbability.AsSpan<float>().ToArray().Count(p => p > 0.5f);
        console.Info(string.Format(inv, "{0}×{1}: {2} boundary pixels predicted", image.Height, image.Width, boundaryPixels));
        if (settings.Pred is not null)
        {
            var pred = LabelMapFile.Read(settings.Pred);
            Guard.That(pred.Height == image.Height && pred.Width == image.Width, settings.Pred,
                $"size {pred.Height}×{pred.Width} must equal the image's {image.Height}×{image.Width}");
            var refined = SegFixRefinement.Refine(pred, prediction.Offsets, settings.Scale, 1, cancellationToken);
            LabelMapFile.Write(settings.Out!, refined);
            var changed = 0;
            for (var i = 0; i < refined.Labels.Length; i++) { if (refined.Labels[i] != pred.Labels[i]) { changed++; } }
            console.Info(string.Format(inv, "refined: {0} pixels changed → {1}", changed, settings.Out));
        }
        return 0;
    }
}
