using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Imaging;
using Tessera.Core.Random;
using Tessera.Imaging;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Augment;

/// <summary>
/// <c>tessera augment preview</c>: a grid of K random applications of a pipeline to one image, with the mask tinted
/// and, when a mask is given, a box and a centre keypoint per mask label drawn.
/// </summary>
internal sealed class AugmentPreviewCommand(CliConsole console) : Command<AugmentPreviewCommand.Settings>
{
    /// <summary>Arguments of <c>augment preview</c>.</summary>
    internal sealed class Settings : SeededSettings
    {
        /// <summary>Pipeline file.</summary>
        [CommandOption("--pipeline <FILE>", isRequired: true)]
        [Description("albumentations pipeline (.json or .yaml).")]
        public string Pipeline { get; init; } = "";

        /// <summary>Image.</summary>
        [CommandOption("--image <IMG>", isRequired: true)]
        [Description("Input image.")]
        public string Image { get; init; } = "";

        /// <summary>Mask.</summary>
        [CommandOption("--mask <M>")]
        [Description("Optional label mask (boxes and keypoints are derived from its labels).")]
        public string? Mask { get; init; }

        /// <summary>Grid size.</summary>
        [CommandOption("--grid <RxC>")]
        [Description("Rows x columns of the grid.")]
        [DefaultValue("4x4")]
        public string Grid { get; init; } = "4x4";

        /// <summary>Output picture.</summary>
        [CommandOption("--out <FILE>", isRequired: true)]
        [Description("Output picture (.png).")]
        public string Out { get; init; } = "";

        /// <inheritdoc />
        public override ValidationResult Validate()
        {
            return TryGrid(Grid, out _, out _) ? ValidationResult.Success() : ValidationResult.Error("--grid must look like 4x4 (rows x columns, each 1–16)");
        }
    }

    internal static bool TryGrid(string text, out int rows, out int cols)
    {
        rows = cols = 0;
        var parts = text.ToLowerInvariant().Split('x');
        return parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out rows)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out cols) && rows is >= 1 and <= 16 && cols is >= 1 and <= 16;
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        TryGrid(settings.Grid, out var rows, out var cols);
        var t = AlbumentationsJson.ReadFile(settings.Pipeline);
        var source = t as ComposeBase ?? new Compose([t]);
        var image = ImageFile.Read(settings.Image);
        var mask = settings.Mask is null ? null : ImageFile.Read(settings.Mask);
        var (boxes, keypoints) = mask is null ? ([], []) : FromMask(mask);
        var pipeline = new Compose(source.Transforms, (source.BboxParams ?? new BboxParams()) with { Format = BoxFormat.PascalVoc, LabelFields = [] },
            (source.KeypointParams ?? new KeypointParams()) with { Format = KeypointFormat.Xy, LabelFields = [] }, source.AdditionalTargets,
            source.Probability, source.IsCheckShapes);
        var sample = new Sample
        {
            Image = image,
            Mask = mask,
            Bboxes = source.SupportsBoxes ? boxes : [],
            Keypoints = source.SupportsKeypoints ? keypoints : [],
        };
        var outputs = pipeline.ApplyBatch(Enumerable.Repeat(sample, rows * cols).ToList(), settings.Seed, settings.Workers, cancellationToken);
        var pictures = outputs.Select(o => SampleDrawing.Draw(o, BoxFormat.PascalVoc)).ToList();
        ImageFile.Write(settings.Out, SampleDrawing.Grid(pictures, rows, cols));
        console.Info(string.Create(CultureInfo.InvariantCulture, $"wrote {rows * cols} applications to {settings.Out}"));
        return 0;
    }

    /// <summary>One pascal_voc box and one centre keypoint per non-zero mask label.</summary>
    internal static (List<double[]> Boxes, List<double[]> Keypoints) FromMask(Image mask)
    {
        var values = mask.ToNdArray().ToDoubleArray();
        var extents = new SortedDictionary<int, (int X1, int Y1, int X2, int Y2)>();
        for (var i = 0; i < mask.Height * mask.Width; i++)
        {
            var label = (int)values[i * mask.Channels];
            if (label == 0)
            {
                continue;
            }
            int y = i / mask.Width, x = i % mask.Width;
            extents[label] = extents.TryGetValue(label, out var e)
                ? (Math.Min(e.X1, x), Math.Min(e.Y1, y), Math.Max(e.X2, x + 1), Math.Max(e.Y2, y + 1))
                : (x, y, x + 1, y + 1);
        }
        var boxes = extents.Values.Select(e => new double[] { e.X1, e.Y1, e.X2, e.Y2 }).ToList();
        var kps = extents.Values.Select(e => new double[] { ((e.X1 + e.X2) / 2) - 0.5, ((e.Y1 + e.Y2) / 2) - 0.5 }).ToList();
        return (boxes, kps);
    }
}
