using Spectre.Console.Cli;
using Tessera.Cli.Hosting;
using Tessera.Core.Parity;
using Tessera.Diffusion.Parity;

namespace Tessera.Cli.Areas.Diffusion;

/// <summary>The <c>diffusion</c> area: train, sample, bpd, segment, classifier and score, and the five diffusion fixture formats.</summary>
internal sealed class DiffusionArea : ICliArea
{
    /// <inheritdoc />
    public string Name => "diffusion";

    /// <inheritdoc />
    public void Register(IConfigurator config) =>
        config.AddBranch("diffusion", b =>
        {
            b.SetDescription("Improved DDPM: train, sample, bits/dim; DDPM-segmentation with a handful of labels.");
            b.AddCommand<DiffusionTrainCommand>("train")
                .WithDescription("Train a diffusion UNet on an image folder or the MNIST digits (resumable; checkpoints, metrics.csv, loss.png, a sample grid).")
                .WithExample("diffusion", "train", "--digits", "train", "--out", "out/ddpm", "--image-size", "32", "--max-steps", "2000");
            b.AddCommand<DiffusionSampleCommand>("sample")
                .WithDescription("Sample a grid of images from a trained model (full, respaced or DDIM).")
                .WithExample("diffusion", "sample", "--weights", "out/ddpm", "--out", "grid.png", "--count", "16", "--respacing", "50");
            b.AddCommand<DiffusionBpdCommand>("bpd")
                .WithDescription("Bits per dimension (full variational bound) of images under a trained model; JSON on stdout.")
                .WithExample("diffusion", "bpd", "--weights", "out/ddpm", "--images", "digits", "--count", "16");
            b.AddCommand<DiffusionSegmentCommand>("segment")
                .WithDescription("DDPM-segmentation: train pixel classifiers on a few labelled images, segment others (labels + uncertainty).")
                .WithExample("diffusion", "segment", "--weights", "out/ddpm", "--train", "labelled", "--images", "imgs", "--classes", "5", "--out", "out/seg");
            b.AddCommand<DiffusionClassifierCommand>("classifier")
                .WithDescription("Train the small CNN digit reader that scores samples (MNIST split; test accuracy reported).")
                .WithExample("diffusion", "classifier", "--digits", "train", "--out", "out/digit-reader");
            b.AddCommand<DiffusionScoreCommand>("score")
                .WithDescription("Sample quality under the digit reader: Fréchet distance to real test digits, confident accuracy, class histogram; JSON on stdout.")
                .WithExample("diffusion", "score", "--classifier", "out/digit-reader", "--weights", "out/ddpm", "--count", "256", "--respacing", "50");
        });

    /// <inheritdoc />
    public IEnumerable<IDemoSection> DemoSections(DemoOptions options) => [new DiffusionSection()];

    /// <inheritdoc />
    public IEnumerable<IParityHandler> ParityHandlers() =>
    [
        new SchedulesParityHandler(), new LossesParityHandler(), new ModelSamplingParityHandler(),
        new DdpmSegmentationParityHandler(), new KlDivergenceParityHandler(),
    ];
}
