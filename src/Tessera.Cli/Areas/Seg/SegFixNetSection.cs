using System.Globalization;
using Tessera.Data.Synthetic;
using Tessera.Dense.SegFix;
using Tessera.Segmentation.Labels;
using Tessera.Segmentation.SegFix;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Seg;

/// <summary>
/// SegFix network demo: the committed compact network (models/segfix/segfix-compact.safetensors, shipped in Tessera.Dense
/// as <see cref="SegFixPretrained"/>) predicts
/// boundary and direction maps for a rendered synthetic street scene; its offsets refine a coarse prediction, next to
/// the oracle offsets.
/// </summary>
internal sealed class SegFixNetSection : IDemoSection
{
    /// <inheritdoc />
    public string Title => "Segmentation: SegFix network (predicted offsets)";

    /// <inheritdoc />
    public string Id => "segfix-net";

    /// <inheritdoc />
    public void Render(DemoSectionWriter section, CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        var labels = ShapeScenes.Street(128, 256, 7, 1);
        var gt = LabelMap.FromNdArray(labels);
        var image = SceneRenderer.Render(labels, 7, 1);
        using var predictor = SegFixPretrained.CompactPredictor();
        var config = predictor.Config;
        var prediction = predictor.Predict(image);
        section.Paragraph("A seeded synthetic street scene rendered to RGB (per-class colours, stripe texture, noise, blur). The compact SegFix " +
            $"network committed under models/segfix/ and shipped in Tessera.Dense ({config.StageChannels.Sum()}-channel backbone output at 1/2 resolution, {config.MidChannels}-channel " +
            $"boundary and direction branches, {config.Bins} bins; trained by `tessera segfix train` on 128 synthetic 96×128 scenes) sees only the image. " +
            "Its boundary mask × direction gives offsets; these refine a coarse prediction (ground truth 8× block-majority down, nearest up).");
        section.Picture("image", image, "input image (rendered from the labels)");
        section.Picture("gt", LabelColors.Colorize(gt), "ground truth");
        var boundary = prediction.BoundaryProbability.AsSpan<float>();
        var mask = new sbyte[boundary.Length];
        for (var i = 0; i < mask.Length; i++) { mask[i] = boundary[i] > 0.5f ? (sbyte)1 : (sbyte)0; }
        section.Picture("net_directions", SegFixPictures.Directions(prediction.DirectionBins,
            Tessera.Core.Arrays.NdArray.FromArray<sbyte>(mask, gt.Height, gt.Width), config.Bins), "network: predicted boundary pixels coloured by predicted direction bin");
        var study = new OracleStudy(SegFixOptions.Default, factor: 8);
        var (coarse, oracle) = study.Add(gt, "street");
        var net = study.AddNet(gt, coarse, prediction.Offsets, "street");
        section.Picture("coarse", LabelColors.Colorize(coarse), "coarse prediction");
        section.Picture("oracle", LabelColors.Colorize(oracle), "refined with oracle offsets (from the ground truth)");
        section.Picture("net", LabelColors.Colorize(net), "refined with the network's offsets (from the image only)");
        section.Picture("net_fixes", LabelColors.FixMap(gt, coarse, net),
            "network refinement — green: fixed, red: broken, orange: still wrong, gray: right before and after");
        string[] Row(string name, Tessera.Segmentation.Metrics.SegmentationReport r) =>
            [name, r.Scores.MeanIou.ToString("F4", inv), r.Scores.PixelAccuracy.ToString("F4", inv), r.BoundaryF[1].MeanF.ToString("F4", inv),
                r.BoundaryF[2].MeanF.ToString("F4", inv), r.BoundaryF[3].MeanF.ToString("F4", inv)];
        section.Table(["prediction", "mIoU", "pixel acc", "BF 1px", "BF 2px", "BF 3px"],
            [Row("coarse", study.Before), Row("coarse + SegFix (oracle)", study.After), Row("coarse + SegFix (network)", study.Net!)]);
    }
}
