using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using Tessera.Core.Arrays;
using Tessera.Core.Errors;
using Tessera.Segmentation.Labels;
using Tessera.Segmentation.SegFix;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Seg;

/// <summary><c>tessera segfix refine PRED.png (--offsets OFF.npy | --gt GT.png) --out OUT.png [--scale 2] [--steps 1]</c>.</summary>
internal sealed class SegFixRefineCommand(CliConsole console) : Command<SegFixRefineCommand.Settings>
{
    /// <summary>Arguments of <c>segfix refine</c>.</summary>
    internal sealed class Settings : SegFixSettings
    {
        /// <summary>Prediction to refine.</summary>
        [CommandArgument(0, "<PRED>")]
        [Description("Label PNG to refine.")]
        public string Pred { get; init; } = "";

        /// <summary>Offset file.</summary>
        [CommandOption("--offsets <NPY>")]
        [Description("Offsets [[H, W, 2]] int8 .npy (row, col), e.g. from a SegFix network or `segfix gt`.")]
        public string? Offsets { get; init; }

        /// <summary>Ground truth for oracle offsets.</summary>
        [CommandOption("--gt <PNG>")]
        [Description("Ground-truth label PNG: use oracle offsets computed from it.")]
        public string? Gt { get; init; }

        /// <summary>Output PNG.</summary>
        [CommandOption("-o|--out <PNG>", isRequired: true)]
        [Description("Refined label PNG to write.")]
        public string Out { get; init; } = "";

        /// <summary>Offset scale.</summary>
        [CommandOption("--scale <S>")]
        [Description("Offset multiplier (SegFix default 2).")]
        [DefaultValue(2)]
        public int Scale { get; init; } = 2;

        /// <summary>Bug-compatible bilinear variant.</summary>
        [CommandOption("--torch113")]
        [Description("Reproduce the reference script under PyTorch >= 1.3 (bilinear, align_corners=False); single step only.")]
        public bool Torch113 { get; init; }

        /// <summary>Steps.</summary>
        [CommandOption("--steps <N>")]
        [Description("How many times to follow the offsets.")]
        [DefaultValue(1)]
        public int Steps { get; init; } = 1;
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Guard.That(settings.Offsets is null ^ settings.Gt is null, "--offsets", "give exactly one of --offsets or --gt");
        var options = settings.ToOptions();
        var pred = LabelMapFile.Read(settings.Pred);
        pred.RequireLabelsInRange(options.NumClasses, options.IgnoreLabel, settings.Pred);
        NdArray offsets;
        if (settings.Gt is not null)
        {
            var gt = LabelMapFile.Read(settings.Gt);
            pred.RequireSameSize(gt, settings.Gt);
            gt.RequireLabelsInRange(options.NumClasses, options.IgnoreLabel, settings.Gt);
            offsets = SegFixGroundTruth.Compute(gt, options, cancellationToken).OffsetMap(settings.Bins);
        }
        else
        {
            offsets = Npy.Read(settings.Offsets!);
            Guard.That(offsets.Rank == 3 && offsets.Shape[0] == pred.Height && offsets.Shape[1] == pred.Width && offsets.Shape[2] == 2,
                settings.Offsets!, $"offsets of shape [{string.Join(", ", offsets.Shape)}] must be [{pred.Height}, {pred.Width}, 2]");
        }
        Guard.That(!settings.Torch113 || settings.Steps == 1, "--steps", "--torch113 supports a single step only");
        var refined = settings.Torch113
            ? SegFixRefinement.RefineBilinearUnaligned(pred, offsets, settings.Scale)
            : SegFixRefinement.Refine(pred, offsets, settings.Scale, settings.Steps, cancellationToken);
        LabelMapFile.Write(settings.Out, refined);
        var changed = 0;
        for (var i = 0; i < refined.Labels.Length; i++) { if (refined.Labels[i] != pred.Labels[i]) { changed++; } }
        console.Info(string.Format(CultureInfo.InvariantCulture, "refined {0}×{1}: {2} pixels changed → {3}", pred.Height, pred.Width, changed, settings.Out));
        return 0;
    }
}
