using Spectre.Console.Cli;
using Tessera.Cli.Hosting;
using Tessera.Core.Parity;
using Tessera.Segmentation.Parity;

namespace Tessera.Cli.Areas.Seg;

/// <summary>The segmentation area: <c>seg eval</c>, the <c>segfix</c> verbs, <c>bench segfix</c>, two demo sections, the SegFix fixtures.</summary>
internal sealed class SegArea : ICliArea
{
    /// <inheritdoc />
    public string Name => "seg";

    /// <inheritdoc />
    public void Register(IConfigurator config)
    {
        config.AddBranch("seg", b =>
        {
            b.SetDescription("Segmentation metrics.");
            b.AddCommand<SegEvalCommand>("eval")
                .WithDescription("mIoU, per-class IoU, pixel accuracy and boundary F of a prediction folder against a ground-truth folder.")
                .WithExample("seg", "eval", "--pred", "preds", "--gt", "labels", "--classes", "19", "--json");
        });
        config.AddBranch("segfix", b =>
        {
            b.SetDescription("SegFix boundary refinement: label-space ground truth and refinement, and the SegFix network.");
            b.AddCommand<SegFixGtCommand>("gt")
                .WithDescription("Distance, boundary, direction and offset maps of a label PNG.")
                .WithExample("segfix", "gt", "label.png", "--out", "out/gt", "--ksize", "5", "--bins", "8");
            b.AddCommand<SegFixRefineCommand>("refine")
                .WithDescription("Refine a label PNG with an offset .npy or with oracle offsets from a ground truth.")
                .WithExample("segfix", "refine", "pred.png", "--gt", "label.png", "--out", "refined.png");
            b.AddCommand<SegFixTrainCommand>("train")
                .WithDescription("Train the SegFix network (boundary + direction branches) on image/label pairs or synthetic scenes; resumable.")
                .WithExample("segfix", "train", "--synthetic", "400", "--out", "out/segfix-net", "--epochs", "20");
            b.AddCommand<SegFixPredictCommand>("predict")
                .WithDescription("Predict offsets for an image with trained weights and refine another model's label PNG.")
                .WithExample("segfix", "predict", "--weights", "out/segfix-net/segfix.safetensors", "--image", "img.png", "--pred", "pred.png", "--out", "refined.png");
            b.AddCommand<SegFixStudyCommand>("study")
                .WithDescription("Coarse predictor vs. SegFix oracle refinement: metrics before/after and pictures.")
                .WithExample("segfix", "study", "--synthetic", "20", "--out", "out/study");
        });
    }

    /// <inheritdoc />
    public void RegisterBench(IConfigurator<CommandSettings> bench) =>
        bench.AddCommand<BenchSegFixCommand>("segfix")
            .WithDescription("SegFix ground truth on 1024×2048 label maps vs. openseg.pytorch's recorded time.");

    /// <inheritdoc />
    public IEnumerable<IDemoSection> DemoSections(DemoOptions options) => [new SegmentationSection(), new SegFixNetSection()];

    /// <inheritdoc />
    public IEnumerable<IParityHandler> ParityHandlers() => [new SegFixParityHandler()];
}
