using Spectre.Console.Cli;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.World;

/// <summary>The <c>world</c> area: the procedural shapes world, the real digits and the small pretrained world models.</summary>
internal sealed class WorldArea : ICliArea
{
    /// <inheritdoc />
    public string Name => "world";

    /// <inheritdoc />
    public void Register(IConfigurator config) =>
        config.AddBranch("world", world =>
        {
            world.SetDescription("The embedded world: procedural shape scenes with full annotations, and the tiny ViT and CLIP pretrained on it.");
            world.AddCommand<WorldGenerateCommand>("generate").WithDescription("Generate scenes of a domain with masks, boxes, keypoints, captions and referring expressions.")
                .WithExample("world", "generate", "--domain", "cluttered", "--count", "100", "--out", "out/world", "--seed", "1");
            world.AddCommand<WorldInfoCommand>("info").WithDescription("List the domains and the shipped models with their cards.")
                .WithExample("world", "info", "--json");
            world.AddCommand<WorldPretrainCommand>("pretrain").WithDescription("Pretrain the tiny world ViT or CLIP on CPU (progress, checkpoints, resume, Ctrl-C).")
                .WithExample("world", "pretrain", "--model", "vit", "--out", "models/world-vit-tiny");
        });

    /// <inheritdoc />
    public void RegisterBench(IConfigurator<CommandSettings> bench) =>
        bench.AddCommand<BenchWorldCommand>("world")
            .WithDescription("Shapes-world generation speed, and whether a tiny-ViT training step waits on BatchLoader (generation + augmentation on workers).")
            .WithExample("bench", "world", "--count", "1000", "--steps", "20", "--workers", "2", "--json");

    /// <inheritdoc />
    public IEnumerable<IDemoSection> DemoSections(DemoOptions options) => [new WorldSection()];
}
