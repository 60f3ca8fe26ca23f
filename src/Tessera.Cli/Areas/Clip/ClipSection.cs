using System.Globalization;
using Tessera.Cli.Hosting;
using Tessera.Core.Imaging;
using Tessera.Data.World;
using Tessera.Nn.Models.Clip;
using Tessera.Nn.Runtime;
using Tessera.Nn.Weights;
using Tessera.World.Models;
using Tessera.World.Pretraining;
using TorchSharp;

namespace Tessera.Cli.Areas.Clip;

/// <summary>
/// The backbones on the shipped weights: the tiny CLIP that <c>tessera world pretrain</c> made classifies fresh world scenes
/// zero-shot against 56 text prompts, its weights go through an atomic safetensors round trip, and the tiny ViT shows its
/// per-block tokens and positional-embedding resampling.
/// </summary>
internal sealed class ClipSection : IDemoSection
{
    /// <inheritdoc />
    public string Title => "Backbones: the shipped tiny CLIP zero-shot, a weight round trip, and ViT block tokens";

    /// <inheritdoc />
    public string Id => "clip";

    /// <inheritdoc />
    public void Render(DemoSectionWriter section, CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        var info = TorchRuntime.Describe();
        var models = WorldModels.FindModelsDirectory();
        if (!info.Loaded || models is null)
        {
            section.Paragraph(info.Loaded ? "The shipped models folder (models/) was not found; this section is skipped."
                : $"TorchSharp did not load, so this section is skipped: {info.Error}");
            return;
        }
        section.Paragraph("models/world-clip-tiny was trained by `tessera world pretrain --model clip` on world captions (see its card). "
                          + "Below it classifies scenes it never saw, zero-shot: each scene against the 56 prompts \"a {colour} {shape}\". "
                          + "Released OpenAI weights load the same way: tessera clip classify --weights ViT-B-16.pt ….");
        using var clip = WorldModels.LoadClip(Path.Combine(models, WorldModels.ClipFolder));
        var prompts = Enumerable.Range(0, WorldVocabulary.ShapeColorClassCount)
            .Select(c => WorldTexts.ShapeColorPrompt(WorldVocabulary.Colors[c % WorldVocabulary.Colors.Count], WorldVocabulary.Shapes[c / WorldVocabulary.Colors.Count]))
            .ToList();
        var scenes = new ShapesWorld(new WorldOptions { Domain = WorldDomains.Classify, Size = WorldModels.ImageSize, Seed = 2026 }).Generate(0, 6, -1, cancellationToken);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var images = WorldTensors.Images(scenes, clip.Model.Config.Mean, clip.Model.Config.Std);
        var tokens = clip.Tokenize(prompts);
        var logits = clip.Model.forward(images, tokens);
        var probs = logits.softmax(-1);
        var rows = new List<IReadOnlyList<string>>();
        for (var i = 0; i < scenes.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var truth = scenes[i].Objects[0];
            section.Picture($"scene-{i}", DemoPictures.Enlarge(scenes[i].ToImage(), 4), $"scene {i}: a {WorldVocabulary.ShapeColorClassName(truth.ShapeColorClass)} (32×32, shown ×4)");
            var top = probs[i].topk(3);
            var (values, indices) = (top.values.data<float>().ToArray(), top.indexes.data<long>().ToArray());
            rows.Add([$"scene {i}", WorldVocabulary.ShapeColorClassName(truth.ShapeColorClass),
                string.Join(" · ", indices.Select((k, j) => string.Create(inv, $"{prompts[(int)k]} {values[j]:0.00}")))]);
        }
        section.Table(["scene", "truth", "top-3 prompts (softmax over 56)"], rows);

        var checkpoint = Path.Combine(section.SectionDirectory, "world_clip_tiny_copy.safetensors");
        CheckpointWriter.Save(checkpoint, clip.Model, new Dictionary<string, string> { ["note"] = "copy of models/world-clip-tiny, demo round trip" });
        using var weights = CheckpointReader.Read(checkpoint);
        using var reloaded = ClipModel.FromWeights(weights, clip.Model.Config);
        var diff = (reloaded.forward(images, tokens) - logits).abs().max().item<float>();
        section.Paragraph(string.Create(inv,
            $"Wrote {Path.GetFileName(checkpoint)} atomically ({weights.Count} tensors, {weights.ElementCount():N0} values), read it back and loaded it strictly: max |Δlogit| = {diff}."));

        using var vit = WorldModels.LoadVit(Path.Combine(models, WorldModels.VitFolder));
        var x = WorldTensors.Images(scenes.Take(1).ToList(), vit.Config.Mean, vit.Config.Std);
        using var features = vit.Forward(x, [0, 1]);
        using var bigger = vit.Forward(torch.nn.functional.interpolate(x, [48, 40], mode: torch.InterpolationMode.Bilinear, align_corners: false));
        section.Table(["models/world-vit-tiny", "shape"],
        [
            ["final tokens, 32×32 input", Shape(features.Tokens)],
            ["block 0 tokens", Shape(features.Blocks[0])],
            ["block 1 tokens", Shape(features.Blocks[1])],
            ["final tokens, 48×40 input (pos_embed resampled bicubically)", Shape(bigger.Tokens)],
        ]);
    }

    private static string Shape(torch.Tensor t) => $"[{string.Join(", ", t.shape)}]";
}
