using Tessera.Data.World;
using Tessera.Nn.Models.Vit;
using Tessera.World.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.World.Pretraining;

/// <summary>Accuracies of the world models on freshly generated scenes.</summary>
public static class WorldEvaluation
{
    /// <summary>The held-out scenes used for evaluation: the <c>classify</c> domain at 32² with seed <c>seed + 1,000,003</c>.</summary>
    /// <param name="seed">The training seed.</param>
    /// <param name="count">Number of scenes.</param>
    /// <returns>The scenes.</returns>
    public static IReadOnlyList<WorldScene> HeldOut(ulong seed, int count) =>
        new ShapesWorld(new WorldOptions { Domain = WorldDomains.Classify, Size = WorldModels.ImageSize, Seed = seed + 1_000_003 }).Generate(0, count);

    /// <summary>Top-1 accuracy of the ViT on the 56 shape-and-colour classes, and of the implied shape and colour.</summary>
    /// <param name="model">The ViT (put in eval mode here).</param>
    /// <param name="scenes">Single-object scenes.</param>
    /// <returns>(class, shape, colour) accuracies in [0, 1].</returns>
    public static (double Class, double Shape, double Color) VitAccuracy(VisionTransformer model, IReadOnlyList<WorldScene> scenes)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(scenes);
        model.eval();
        var predictions = new List<int>(scenes.Count);
        for (var start = 0; start < scenes.Count; start += 100)
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            var batch = scenes.Skip(start).Take(100).ToList();
            var logits = model.forward(WorldTensors.Images(batch, model.Config.Mean, model.Config.Std));
            predictions.AddRange(logits.argmax(1).data<long>().Select(v => (int)v));
        }
        return Score(scenes, predictions);
    }

    /// <summary>Zero-shot accuracies of the CLIP: shapes (7 prompts "a {shape}"), colours (8 prompts "a {colour} shape") and
    /// shape-and-colour classes (56 prompts "a {colour} {shape}"). Chance: 1/7, 1/8, 1/56.</summary>
    /// <param name="clip">The CLIP.</param>
    /// <param name="scenes">Single-object scenes.</param>
    /// <returns>(shape, colour, class) accuracies in [0, 1].</returns>
    public static (double Shape, double Color, double Class) ClipZeroShot(WorldClip clip, IReadOnlyList<WorldScene> scenes)
    {
        ArgumentNullException.ThrowIfNull(clip);
        ArgumentNullException.ThrowIfNull(scenes);
        clip.Model.eval();
        var shapePrompts = WorldVocabulary.Shapes.Select(WorldTexts.ShapePrompt).ToList();
        var colorPrompts = WorldVocabulary.Colors.Select(WorldTexts.ColorPrompt).ToList();
        var classPrompts = Enumerable.Range(0, WorldVocabulary.ShapeColorClassCount)
            .Select(c => WorldTexts.ShapeColorPrompt(WorldVocabulary.Colors[c % 8], WorldVocabulary.Shapes[c / 8])).ToList();
        using var shapeText = clip.EncodeTexts(shapePrompts);
        using var colorText = clip.EncodeTexts(colorPrompts);
        using var classText = clip.EncodeTexts(classPrompts);
        int shapeOk = 0, colorOk = 0, classOk = 0;
        for (var start = 0; start < scenes.Count; start += 100)
        {
            using var scope = torch.NewDisposeScope();
            var batch = scenes.Skip(start).Take(100).ToList();
            var image = clip.EncodeImages(WorldTensors.Images(batch, clip.Model.Config.Mean, clip.Model.Config.Std));
            var s = image.matmul(shapeText.t()).argmax(1).data<long>().ToArray();
            var c = image.matmul(colorText.t()).argmax(1).data<long>().ToArray();
            var k = image.matmul(classText.t()).argmax(1).data<long>().ToArray();
            for (var i = 0; i < batch.Count; i++)
            {
                var o = batch[i].Objects[0];
                shapeOk += s[i] == (int)o.Shape ? 1 : 0;
                colorOk += c[i] == o.Color ? 1 : 0;
                classOk += k[i] == o.ShapeColorClass ? 1 : 0;
            }
        }
        return (shapeOk / (double)scenes.Count, colorOk / (double)scenes.Count, classOk / (double)scenes.Count);
    }

    private static (double Class, double Shape, double Color) Score(IReadOnlyList<WorldScene> scenes, List<int> predictions)
    {
        int ok = 0, shape = 0, color = 0;
        for (var i = 0; i < scenes.Count; i++)
        {
            var truth = scenes[i].Objects[0].ShapeColorClass;
            ok += predictions[i] == truth ? 1 : 0;
            shape += predictions[i] / 8 == truth / 8 ? 1 : 0;
            color += predictions[i] % 8 == truth % 8 ? 1 : 0;
        }
        return (ok / (double)scenes.Count, shape / (double)scenes.Count, color / (double)scenes.Count);
    }
}
