using System.Globalization;
using System.Text;
using Tessera.Segmentation.Labels;
using Tessera.Segmentation.Metrics;
using Tessera.Segmentation.SegFix;

namespace Tessera.Cli.Commands.SegFix;

/// <summary>
/// Coarse-predictor study: each ground truth is made coarse (block majority down, nearest up), refined with SegFix
/// oracle offsets, and both are scored against the ground truth (mIoU, pixel accuracy, boundary F at 1/2/3 px).
/// </summary>
internal sealed class OracleStudy
{
    private readonly SegmentationEvaluator _before;
    private readonly SegmentationEvaluator _after;
    private readonly SegFixOptions _options;
    private readonly int _factor;
    private readonly int _bins;

    public OracleStudy(SegFixOptions options, int factor, int bins = 8)
    {
        _options = options;
        _factor = factor;
        _bins = bins;
        _before = new SegmentationEvaluator(options.NumClasses, options.IgnoreLabel, [1, 2, 3]);
        _after = new SegmentationEvaluator(options.NumClasses, options.IgnoreLabel, [1, 2, 3]);
    }

    /// <summary>Runs one ground truth; returns (coarse, refined).</summary>
    public (LabelMap Coarse, LabelMap Refined) Add(LabelMap groundTruth, string name)
    {
        var coarse = CoarsePrediction.DownUp(groundTruth, _factor, _options.NumClasses);
        var refined = SegFixRefinement.RefineWithOracle(coarse, groundTruth, _options, _bins);
        _before.Add(coarse, groundTruth, name);
        _after.Add(refined, groundTruth, name);
        return (coarse, refined);
    }

    public SegmentationReport Before => _before.Report();

    public SegmentationReport After => _after.Report();

    /// <summary>Markdown tables: summary and per class (classes with ground-truth or predicted pixels).</summary>
    public string Markdown(string title, IReadOnlyList<string>? classNames = null)
    {
        var inv = CultureInfo.InvariantCulture;
        var b = Before;
        var a = After;
        var sb = new StringBuilder();
        sb.Append(inv, $"#### {title} ({b.Images} maps, coarse factor {_factor}, oracle offsets k = {_options.KernelSize}, {_bins} bins, scale 2)\n\n");
        sb.Append("| prediction | mIoU | pixel acc | BF 1px | BF 2px | BF 3px |\n|---|---|---|---|---|---|\n");
        foreach (var (label, r) in new[] { ("coarse", b), ("coarse + SegFix (oracle)", a) })
        {
            sb.Append(inv, $"| {label} | {r.Scores.MeanIou:F4} | {r.Scores.PixelAccuracy:F4} | {r.BoundaryF[1].MeanF:F4} | {r.BoundaryF[2].MeanF:F4} | {r.BoundaryF[3].MeanF:F4} |\n");
        }
        sb.Append("\n| class | IoU before | IoU after | BF 2px before | BF 2px after |\n|---|---|---|---|---|\n");
        for (var c = 0; c < _options.NumClasses; c++)
        {
            if (b.Scores.PerClassIou[c] is null && a.Scores.PerClassIou[c] is null) { continue; }
            var name = classNames is not null && c < classNames.Count ? $"{c} {classNames[c]}" : c.ToString(inv);
            sb.Append(inv, $"| {name} | {b.Scores.PerClassIou[c]:F4} | {a.Scores.PerClassIou[c]:F4} | {b.BoundaryF[2].PerClassF[c]:F4} | {a.BoundaryF[2].PerClassF[c]:F4} |\n");
        }
        return sb.ToString();
    }

    /// <summary>Cityscapes train-id names.</summary>
    public static IReadOnlyList<string> CityscapesNames { get; } =
    [
        "road", "sidewalk", "building", "wall", "fence", "pole", "traffic light", "traffic sign", "vegetation", "terrain",
        "sky", "person", "rider", "car", "truck", "bus", "train", "motorcycle", "bicycle",
    ];
}
