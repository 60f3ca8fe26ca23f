using System.Globalization;
using System.Text;
using Tessera.Segmentation.Labels;
using Tessera.Segmentation.Metrics;
using Tessera.Segmentation.SegFix;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Seg;

/// <summary>
/// Coarse-predictor study: each ground truth is made coarse (block majority down, nearest up), refined with SegFix
/// oracle offsets, and both are scored against the ground truth (mIoU, pixel accuracy, boundary F at 1/2/3 px).
/// </summary>
internal sealed class OracleStudy
{
    private readonly SegmentationEvaluator _before;
    private readonly SegmentationEvaluator _after;
    private readonly SegmentationEvaluator _net;
    private bool _hasNet;
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
        _net = new SegmentationEvaluator(options.NumClasses, options.IgnoreLabel, [1, 2, 3]);
    }

    /// <summary>Scores a refinement of the same coarse prediction with predicted (network) offsets; returns the refined map.</summary>
    public LabelMap AddNet(LabelMap groundTruth, LabelMap coarse, Tessera.Core.Arrays.NdArray offsets, string name)
    {
        var refined = SegFixRefinement.Refine(coarse, offsets);
        _net.Add(refined, groundTruth, name);
        _hasNet = true;
        return refined;
    }

    public SegmentationReport? Net => _hasNet ? _net.Report() : null;

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
        var rows = new List<(string, SegmentationReport)> { ("coarse", b), ("coarse + SegFix (oracle)", a) };
        var n = Net;
        if (n is not null) { rows.Add(("coarse + SegFix (network)", n)); }
        foreach (var (label, r) in rows)
        {
            sb.Append(inv, $"| {label} | {r.Scores.MeanIou:F4} | {r.Scores.PixelAccuracy:F4} | {r.BoundaryF[1].MeanF:F4} | {r.BoundaryF[2].MeanF:F4} | {r.BoundaryF[3].MeanF:F4} |\n");
        }
        sb.Append(n is null
            ? "\n| class | IoU before | IoU after | BF 2px before | BF 2px after |\n|---|---|---|---|---|\n"
            : "\n| class | IoU coarse | IoU oracle | IoU network | BF 2px coarse | BF 2px oracle | BF 2px network |\n|---|---|---|---|---|---|---|\n");
        for (var c = 0; c < _options.NumClasses; c++)
        {
            if (b.Scores.PerClassIou[c] is null && a.Scores.PerClassIou[c] is null) { continue; }
            var name = classNames is not null && c < classNames.Count ? $"{c} {classNames[c]}" : c.ToString(inv);
            if (n is null)
            {
                sb.Append(inv, $"| {name} | {b.Scores.PerClassIou[c]:F4} | {a.Scores.PerClassIou[c]:F4} | {b.BoundaryF[2].PerClassF[c]:F4} | {a.BoundaryF[2].PerClassF[c]:F4} |\n");
            }
            else
            {
                sb.Append(inv, $"| {name} | {b.Scores.PerClassIou[c]:F4} | {a.Scores.PerClassIou[c]:F4} | {n.Scores.PerClassIou[c]:F4} | {b.BoundaryF[2].PerClassF[c]:F4} | {a.BoundaryF[2].PerClassF[c]:F4} | {n.BoundaryF[2].PerClassF[c]:F4} |\n");
            }
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
