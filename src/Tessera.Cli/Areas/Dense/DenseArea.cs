using Spectre.Console.Cli;
using Tessera.Cli.Hosting;
using Tessera.Core.Parity;
using Tessera.Dense.Parity;

namespace Tessera.Cli.Areas.Dense;

/// <summary>The dense-prompting area: <c>segment</c> (CLIPSeg by a text or visual prompt) and the CLIPSeg / DenseCLIP
/// fixture formats.</summary>
internal sealed class DenseArea : ICliArea
{
    /// <inheritdoc />
    public string Name => "dense";

    /// <inheritdoc />
    public void Register(IConfigurator config)
    {
        config.AddCommand<SegmentCommand>("segment")
            .WithDescription("Segment images by a text prompt or an example image + mask (CLIPSeg on a frozen CLIP); the prompt is encoded once.")
            .WithExample("segment", "--clip", "ViT-B-16.pt", "--weights", "rd64-uni-refined.pth", "--image", "kitchen.jpg", "--prompt", "a red mug",
                "--out", "mask.png", "--overlay", "overlay.png", "--size", "352")
            .WithExample("segment", "--clip", "ViT-B-16.pt", "--weights", "rd64-uni.pth", "--images", "photos", "--example", "cup.jpg",
                "--example-mask", "cup-mask.png", "--out", "masks", "--soft");
        config.AddBranch("clipseg", clipseg =>
        {
            clipseg.SetDescription("Train and evaluate CLIPSeg decoders on referring expressions (frozen CLIP).");
            clipseg.AddCommand<ClipSegTrainCommand>("train")
                .WithDescription("Train a CLIPSeg decoder on referring expressions: frozen CLIP, q_neg negatives, random text/visual mixing; checkpoints, resume, Ctrl-C.")
                .WithExample("clipseg", "train", "--data", "out/world-train", "--clip", "models/world-clip-tiny", "--out", "out/clipseg", "--max-steps", "1500");
            clipseg.AddCommand<ClipSegEvalCommand>("eval")
                .WithDescription("Score a CLIPSeg decoder (mIoU, foreground IoU, AP) by text and visual prompts, seen vs held-out phrases, optionally after SegFix.")
                .WithExample("clipseg", "eval", "--data", "out/world-test", "--clip", "models/world-clip-tiny", "--weights", "out/clipseg/clipseg-decoder.safetensors", "--segfix");
        });
        config.AddBranch("denseclip", denseclip =>
        {
            denseclip.SetDescription("Train and evaluate DenseCLIP (pixel-text score maps, context decoder, light FPN head) on a world's semantic masks.");
            denseclip.AddCommand<DenseClipTrainCommand>("train")
                .WithDescription("Train DenseCLIP end to end (or the same head without score maps) on a world; checkpoints, resume, Ctrl-C.")
                .WithExample("denseclip", "train", "--data", "out/world-train", "--clip", "models/world-clip-tiny", "--out", "out/denseclip", "--max-steps", "800");
            denseclip.AddCommand<DenseClipEvalCommand>("eval")
                .WithDescription("mIoU of a trained DenseCLIP segmentor, optionally after SegFix, and a score-map picture per class.")
                .WithExample("denseclip", "eval", "--data", "out/world-test", "--clip", "models/world-clip-tiny", "--weights", "out/denseclip/denseclip.safetensors",
                    "--score-maps", "scores.png");
        });
    }

    /// <inheritdoc />
    public void RegisterBench(IConfigurator<CommandSettings> bench) =>
        bench.AddCommand<BenchClipSegCommand>("clipseg")
            .WithDescription("CLIPSeg inference time at 352 px (ViT-B/16 + rd64 decoder) per batch size with the decoder's share, and memory over many calls.")
            .WithExample("bench", "clipseg", "--runs", "5", "--calls", "1000");

    /// <inheritdoc />
    public IEnumerable<IDemoSection> DemoSections(DemoOptions options) => [new DenseSection()];

    /// <inheritdoc />
    public IEnumerable<IParityHandler> ParityHandlers() => [new ClipSegParityHandler(), new DenseClipParityHandler()];
}
