using System.Globalization;
using Tessera.Core.Imaging;
using Tessera.Core.Random;
using Tessera.Nn.Models.Clip;
using Tessera.Nn.Models.Vit;
using Tessera.Nn.Runtime;
using Tessera.Nn.Tensors;
using Tessera.Nn.Weights;
using TorchSharp;
using Tessera.Cli.Hosting;

namespace Tessera.Cli.Areas.Clip;

/// <summary>
/// Backbones smoke run: a tiny CLIP with RANDOM weights (seed 0) end to end on an embedded procedural image —
/// preprocessing, encode_image / encode_text, logits, atomic checkpoint round trip — plus a tiny ViT's per-layer
/// tokens. The numbers only show that the pipeline runs and is deterministic; they mean nothing.
/// </summary>
internal sealed class ClipSection : IDemoSection
{
    /// <inheritdoc />
    public string Title => "Backbones: tiny CLIP and ViT smoke run (RANDOM weights, not a trained model)";

    /// <inheritdoc />
    public string Id => "clip";

    /// <inheritdoc />
    public void Render(DemoSectionWriter section, CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        var info = TorchRuntime.Describe();
        if (!info.Loaded)
        {
            section.Paragraph($"TorchSharp did not load, so this section is skipped: {info.Error}");
            return;
        }
        section.Paragraph("Smoke test only: the CLIP below has random weights drawn with seed 0 (CLIP's initialisation scheme) and a "
                          + "1,000-token vocabulary, so its 'probabilities' are meaningless. Real use: tessera clip classify --weights ViT-B-16.pt ….");

        var photo = Scene(90, 120);
        var config = ClipConfig.Tiny with { VocabSize = 1000 };
        var resized = ClipPreprocess.Resize(photo, config.ImageResolution);
        var cropped = ClipPreprocess.CenterCrop(resized, config.ImageResolution);
        var pixels = ClipPreprocess.Normalize(cropped, config.Mean, config.Std);
        section.Picture("input", photo, "embedded procedural scene, 90×120");
        section.Picture("resized", resized, string.Create(inv, $"Pillow-exact bicubic resize of the short side to {config.ImageResolution}: {resized.Height}×{resized.Width}"));
        section.Picture("cropped", cropped, $"center crop {config.ImageResolution}×{config.ImageResolution} (then /255, CLIP mean/std)");

        // Token rows built by hand (no vocabulary ships with Tessera): start, a few ids, end = the largest id.
        long[][] prompts = [[998, 11, 12, 999], [998, 40, 999], [998, 7, 8, 9, 10, 999]];
        var ids = new long[prompts.Length * config.ContextLength];
        for (var r = 0; r < prompts.Length; r++) { prompts[r].CopyTo(ids, r * config.ContextLength); }

        using var model = new ClipModel(config);
        model.InitializeParameters(0);
        model.eval();
        var checkpoint = Path.Combine(section.SectionDirectory, "tiny_clip_random.safetensors");
        CheckpointWriter.Save(checkpoint, model, new Dictionary<string, string> { ["note"] = "random weights, seed 0, demo only" });
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var image = ImageTensors.ToTensor(pixels).unsqueeze(0);
        var tokens = torch.tensor(ids, [prompts.Length, config.ContextLength]);
        var logits = model.forward(image, tokens);
        var probs = logits.softmax(-1);
        section.Table(["token row", "logit", "softmax"],
            prompts.Select((p, i) => (IReadOnlyList<string>)[string.Join(" ", p), logits[0, i].item<float>().ToString("F4", inv), probs[0, i].item<float>().ToString("F4", inv)]));

        using var weights = CheckpointReader.Read(checkpoint);
        using var reloaded = ClipModel.FromWeights(weights, config);
        var again = reloaded.forward(image, tokens);
        var diff = (again - logits).abs().max().item<float>();
        section.Paragraph(string.Create(inv,
            $"Wrote {Path.GetFileName(checkpoint)} atomically ({weights.Count} tensors, {weights.ElementCount():N0} values), read it back and loaded it strictly: max |Δlogit| = {diff}."));

        torch.manual_seed(0);
        using var vit = new VisionTransformer(VitConfig.Tiny);
        vit.eval();
        var x = torch.randn(1, 3, 32, 32);
        using var features = vit.Forward(x, [0, 1]);
        using var bigger = vit.Forward(torch.randn(1, 3, 48, 40));
        section.Table(["tiny ViT (random, seed 0)", "shape"],
        [
            ["final tokens, 32×32 input", Shape(features.Tokens)],
            ["block 0 tokens", Shape(features.Blocks[0])],
            ["block 1 tokens", Shape(features.Blocks[1])],
            ["final tokens, 48×40 input (pos_embed resampled bicubically)", Shape(bigger.Tokens)],
        ]);
    }

    private static string Shape(torch.Tensor t) => $"[{string.Join(", ", t.shape)}]";

    private static Image Scene(int h, int w)
    {
        var img = Image.Create(h, w, 3, PixelType.UInt8);
        var p = img.Pixels<byte>();
        var rng = new SeededRandom(11);
        var cx = rng.Uniform(0.35, 0.65) * w;
        var cy = rng.Uniform(0.35, 0.65) * h;
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var i = ((y * w) + x) * 3;
                var inDisc = ((x - cx) * (x - cx)) + ((y - cy) * (y - cy)) < h * h / 9.0;
                p[i] = (byte)(inDisc ? 230 : 40 + (x * 150 / w));
                p[i + 1] = (byte)(inDisc ? 120 : 90 + (y * 100 / h));
                p[i + 2] = (byte)((x / 15 + y / 15) % 2 == 0 ? 200 : 60);
            }
        }
        return img;
    }
}
