using Spectre.Console.Cli;
using Tessera.Augment.Parity;
using Tessera.Cli.Hosting;
using Tessera.Core.Parity;

namespace Tessera.Cli.Areas.Augment;

/// <summary>The <c>augment</c> area: <c>augment run|preview</c>, <c>bench augment</c>, two demo sections, the augment fixtures.</summary>
internal sealed class AugmentArea : ICliArea
{
    /// <inheritdoc />
    public string Name => "augment";

    /// <inheritdoc />
    public void Register(IConfigurator config) =>
        config.AddBranch("augment", b =>
        {
            b.SetDescription("albumentations-compatible augmentation: run a pipeline over a dataset, preview it.");
            b.AddCommand<AugmentRunCommand>("run")
                .WithDescription("Augment a folder of images (+ masks, + COCO boxes/keypoints) with a pipeline file.")
                .WithExample("augment", "run", "--pipeline", "pipe.yaml", "--images", "imgs", "--out", "aug", "--seed", "1", "--workers", "2");
            b.AddCommand<AugmentPreviewCommand>("preview")
                .WithDescription("Draw a grid of random applications of a pipeline to one image.")
                .WithExample("augment", "preview", "--pipeline", "pipe.json", "--image", "cat.png", "--grid", "3x3", "--out", "grid.png");
        });

    /// <inheritdoc />
    public void RegisterBench(IConfigurator<CommandSettings> bench) =>
        bench.AddCommand<BenchAugmentCommand>("augment")
            .WithDescription("Images per second of each augmentation vs the stored albumentations 1.3.1 figures.")
            .WithExample("bench", "augment", "--transforms", "all", "--size", "256", "--count", "200", "--repeat", "5", "--out", "out/bench-augment.json");

    /// <inheritdoc />
    public IEnumerable<IDemoSection> DemoSections(DemoOptions options) => [new AugmentSection(), new AugmentPixelSection(options.Bench)];

    /// <inheritdoc />
    public IEnumerable<IParityHandler> ParityHandlers() => [new AugmentParityHandler()];
}
