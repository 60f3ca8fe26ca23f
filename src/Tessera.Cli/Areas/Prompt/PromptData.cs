using Tessera.Core.Arrays;
using Tessera.Core.Errors;
using Tessera.Nn.Models.Vit;
using Tessera.Nn.Tensors;
using Tessera.Nn.Weights;
using Tessera.Prompting.Methods;
using Tessera.World.Models;
using static TorchSharp.torch;

namespace Tessera.Cli.Areas.Prompt;

/// <summary>Loads what the prompt commands work on: a frozen backbone and a labelled set (<c>images.npy</c> + <c>labels.npy</c>).</summary>
internal static class PromptData
{
    /// <summary>The backbone of <c>--backbone</c>: a world model folder (CLIP when it holds a tokenizer, else the ViT) or a ViT weights file.</summary>
    public static PromptBackbone LoadBackbone(PromptBackboneSettings settings)
    {
        if (Directory.Exists(settings.Backbone))
        {
            Guard.That(File.Exists(Path.Combine(settings.Backbone, WorldModels.WeightsFile)), "--backbone",
                $"folder '{settings.Backbone}' must hold {WorldModels.WeightsFile} (a world model folder such as models/world-vit-tiny)");
            if (File.Exists(Path.Combine(settings.Backbone, "vocab.json")))
            {
                var clip = WorldModels.LoadClip(settings.Backbone);
                return PromptBackbone.FromClip(clip.Model, clip.Tokenizer, settings.Backbone, owns: true);
            }
            return PromptBackbone.FromVit(WorldModels.LoadVit(settings.Backbone), settings.Backbone, owns: true);
        }
        return PromptBackbone.FromVit(LoadVit(settings), settings.Backbone, owns: true);
    }

    public static VisionTransformer LoadVit(PromptBackboneSettings settings)
    {
        if (Directory.Exists(settings.Backbone))
        {
            return WorldModels.LoadVit(settings.Backbone);
        }
        if (!VitConfig.Variants.TryGetValue(settings.Vit, out var config))
        {
            throw new TesseraArgumentException("--vit", $"must be one of {string.Join(", ", VitConfig.Variants.Keys)} (got '{settings.Vit}')");
        }
        if (!File.Exists(settings.Backbone))
        {
            throw new TesseraArgumentException("--backbone", $"file or folder '{settings.Backbone}' does not exist");
        }
        var vit = new VisionTransformer(config with { NumClasses = 0 });
        try
        {
            using var weights = CheckpointReader.Read(settings.Backbone);
            using var withoutHead = new StateDict();
            foreach (var k in weights.Keys.Where(k => !k.StartsWith("head.", StringComparison.Ordinal))) { withoutHead.Add(k, weights[k].alias()); }
            VitCheckpoint.Load(vit, withoutHead, strict: true);
        }
        catch
        {
            vit.Dispose();
            throw;
        }
        vit.eval();
        return vit;
    }

    /// <summary>Class names: <c>--labels</c> (comma-separated), else <c>DIR/classes.txt</c> (one per line), else <c>0…C−1</c>.</summary>
    public static IReadOnlyList<string> ClassNames(string? labels, string? dataDir, int classes, string option)
    {
        IReadOnlyList<string>? names = null;
        if (!string.IsNullOrWhiteSpace(labels))
        {
            names = [.. labels.Split(',').Select(s => s.Trim())];
        }
        else if (dataDir is not null && File.Exists(Path.Combine(dataDir, "classes.txt")))
        {
            names = [.. File.ReadAllLines(Path.Combine(dataDir, "classes.txt")).Select(s => s.Trim()).Where(s => s.Length > 0)];
        }
        if (names is null)
        {
            return [.. Enumerable.Range(0, classes).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        }
        Guard.That(names.All(n => n.Length > 0), option, "class names must not be empty");
        Guard.That(names.Count >= classes, option, $"must name every class: the labels go up to {classes - 1} but {names.Count} names were given");
        return names;
    }

    /// <summary><c>DIR/images.npy</c> (float32 <c>[N, 3, S, S]</c>, normalised) and <c>DIR/labels.npy</c> (int <c>[N]</c>).</summary>
    public static (Tensor Images, Tensor Labels) LoadSet(string dir, string option)
    {
        var imagesPath = Path.Combine(dir, "images.npy");
        var labelsPath = Path.Combine(dir, "labels.npy");
        if (!File.Exists(imagesPath) || !File.Exists(labelsPath))
        {
            throw new TesseraArgumentException(option, $"folder '{dir}' must hold images.npy ([N, 3, S, S] float32) and labels.npy ([N] int)");
        }
        var images = LoadImages(imagesPath, option);
        var labels = ImageTensors.ToTensor(Npy.Read(labelsPath)).to(ScalarType.Int64);
        Guard.That(labels.dim() == 1 && labels.shape[0] == images.shape[0], option, $"labels.npy must hold one label per image ({images.shape[0]})");
        Guard.That(labels.shape[0] > 0 && labels.min().item<long>() >= 0, option, "labels.npy must hold at least one label, all ≥ 0");
        return (images, labels);
    }

    public static Tensor LoadImages(string path, string option)
    {
        var images = ImageTensors.ToTensor(Npy.Read(path)).to(ScalarType.Float32);
        Guard.That(images.dim() == 4 && images.shape[1] == 3 && images.shape[2] == images.shape[3], option,
            $"'{path}' must be [N, 3, S, S], got [{string.Join(", ", images.shape)}]");
        return images;
    }

    /// <summary>Throws unless the images have the backbone's side.</summary>
    public static void RequireSize(Tensor images, PromptBackbone backbone, string option) =>
        Guard.That(images.shape[2] == backbone.ImageSize, option, $"images are {images.shape[2]}² but the backbone ({backbone.Name}) works on {backbone.ImageSize}²");
}
