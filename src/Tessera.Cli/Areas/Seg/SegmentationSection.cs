using System.Globalization;
using Tessera.Data.Synthetic;
using Tessera.Segmentation.Labels;
using Tessera.Segmentation.SegFix;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Seg;

/// <summary>SegFix demo: a coarse prediction of a synthetic street scene, refined with oracle offsets, before/after.</summary>
internal sealed class SegmentationSection : IDemoSection
{
    /// <inheritdoc />
    public string Title => "Segmentation: SegFix boundary refinement (oracle offsets)";

    /// <inheritdoc />
    public string Id => "segfix";

    /// <inheritdoc />
    public void Render(DemoSectionWriter section, CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        var gt = LabelMap.FromNdArray(ShapeScenes.Street(256, 512, 2026));
        var options = SegFixOptions.Default;
        var targets = SegFixGroundTruth.Compute(gt, options, cancellationToken);
        section.Paragraph("A seeded synthetic street scene (Cityscapes train ids, ego hood = ignore). SegFix's ground truth: " +
            $"per-class exact distance transforms, boundary = distance ≤ {options.MaxDistance}, directions from the {options.KernelSize}×{options.KernelSize} " +
            "direction filter quantised into 8 bins (colours on boundary pixels), offsets = one step along the bin.");
        section.Picture("gt", LabelColors.Colorize(gt), "ground truth");
        section.Picture("directions", SegFixPictures.Directions(targets.DirectionBinMap(8), targets.Boundary(), 8),
            "boundary pixels coloured by direction bin (8 bins)");
        var study = new OracleStudy(options, factor: 8);
        var (coarse, refined) = study.Add(gt, "street");
        section.Picture("coarse", LabelColors.Colorize(coarse), "coarse prediction: ground truth downsampled 8× by block majority, upsampled by nearest");
        section.Picture("refined", LabelColors.Colorize(refined), "after SegFix refinement with oracle offsets (scale 2)");
        section.Picture("fixes", LabelColors.FixMap(gt, coarse, refined),
            "green: fixed by refinement, red: broken, orange: still wrong, gray: right before and after");
        var b = study.Before;
        var a = study.After;
        section.Table(["prediction", "mIoU", "pixel acc", "BF 1px", "BF 2px", "BF 3px"],
        [
            ["coarse", b.Scores.MeanIou.ToString("F4", inv), b.Scores.PixelAccuracy.ToString("F4", inv), b.BoundaryF[1].MeanF.ToString("F4", inv),
                b.BoundaryF[2].MeanF.ToString("F4", inv), b.BoundaryF[3].MeanF.ToString("F4", inv)],
            ["coarse + SegFix (oracle)", a.Scores.MeanIou.ToString("F4", inv), a.Scores.PixelAccuracy.ToString("F4", inv), a.BoundaryF[1].MeanF.ToString("F4", inv),
                a.BoundaryF[2].MeanF.ToString("F4", inv), a.BoundaryF[3].MeanF.ToString("F4", inv)],
        ]);
    }
}
