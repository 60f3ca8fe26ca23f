using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using Tessera.Core.Arrays;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Imaging;
using Tessera.Segmentation.Labels;
using Tessera.Segmentation.SegFix;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Seg;

/// <summary><c>tessera segfix gt LABEL.png --out DIR [--ksize 5] [--bins 8] [--classes 19] [--ignore 255]</c>.</summary>
internal sealed class SegFixGtCommand(CliConsole console) : Command<SegFixGtCommand.Settings>
{
    /// <summary>Arguments of <c>segfix gt</c>.</summary>
    internal sealed class Settings : SegFixSettings
    {
        /// <summary>Input label PNG.</summary>
        [CommandArgument(0, "<LABEL>")]
        [Description("Ground-truth label PNG (8-bit gray, values are labels).")]
        public string Label { get; init; } = "";

        /// <summary>Output folder.</summary>
        [CommandOption("-o|--out <DIR>", isRequired: true)]
        [Description("Output folder for distance.npy, depth.png, boundary.npy/.png, dir_deg.npy, direction_m<B>.npy/.png, offset_m<B>.npy.")]
        public string Out { get; init; } = "";
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var options = settings.ToOptions();
        var label = LabelMapFile.Read(settings.Label);
        label.RequireLabelsInRange(options.NumClasses, options.IgnoreLabel, settings.Label);
        var t = SegFixGroundTruth.Compute(label, options, cancellationToken);
        Directory.CreateDirectory(settings.Out);
        var b = settings.Bins;
        Npy.Write(Path.Combine(settings.Out, "distance.npy"), t.DistanceMap());
        ImageFile.Write(Path.Combine(settings.Out, "depth.png"), Image.FromNdArray(t.Depth()));
        var boundary = t.Boundary();
        Npy.Write(Path.Combine(settings.Out, "boundary.npy"), boundary);
        ImageFile.Write(Path.Combine(settings.Out, "boundary.png"), BoundaryPicture(boundary));
        Npy.Write(Path.Combine(settings.Out, "dir_deg.npy"), t.DirectionDegrees());
        var dir = t.DirectionBinMap(b);
        Npy.Write(Path.Combine(settings.Out, $"direction_m{b}.npy"), dir);
        ImageFile.Write(Path.Combine(settings.Out, $"direction_m{b}.png"), SegFixPictures.Directions(dir, t.Boundary(), b));
        Npy.Write(Path.Combine(settings.Out, $"offset_m{b}.npy"), t.OffsetMap(b));
        var boundaryCount = boundary.AsSpan<sbyte>().ToArray().Count(v => v == 1);
        console.Info(string.Format(CultureInfo.InvariantCulture, "{0}×{1}: classes processed [{2}], skipped (< {3} px) [{4}], {5} boundary pixels → {6}",
            t.Height, t.Width, string.Join(", ", t.ProcessedClasses), options.MinClassPixels, string.Join(", ", t.SkippedClasses), boundaryCount,
            settings.Out));
        return 0;
    }

    private static Image BoundaryPicture(NdArray boundary)
    {
        var src = boundary.AsSpan<sbyte>();
        var px = new byte[src.Length];
        for (var i = 0; i < px.Length; i++) { px[i] = src[i] switch { 1 => 255, -1 => 128, _ => 0 }; }
        return Image.FromPixels<byte>(px, boundary.Shape[0], boundary.Shape[1], 1, keep2D: true);
    }
}
