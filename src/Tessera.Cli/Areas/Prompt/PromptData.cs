using Tessera.Core.Arrays;
using Tessera.Core.Errors;
using Tessera.Nn.Models.Vit;
using Tessera.Nn.Tensors;
using Tessera.Nn.Weights;
using static TorchSharp.torch;

namespace Tessera.Cli.Areas.Prompt;

/// <summary>Loads what the prompt commands work on: a frozen ViT and a labelled set (<c>images.npy</c> + <c>labels.npy</c>).</summary>
internal static class PromptData
{
    public static VisionTransformer LoadVit(PromptBackboneSettings settings)
    {
        if (!VitConfig.Variants.TryGetValue(settings.Vit, out var config))
        {
            throw new TesseraArgumentException("--vit", $"must be one of {string.Join(", ", VitConfig.Variants.Keys)} (got '{settings.Vit}')");
        }
        if (!File.Exists(settings.Backbone))
        {
            throw new TesseraArgumentException("--backbone", $"file '{settings.Backbone}' does not exist");
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
        return (images, labels);
    }

    public static Tensor LoadImages(string path, string option)
    {
        var images = ImageTensors.ToTensor(Npy.Read(path)).to(ScalarType.Float32);
        Guard.That(images.dim() == 4 && images.shape[1] == 3 && images.shape[2] == images.shape[3], option,
            $"'{path}' must be [N, 3, S, S], got [{string.Join(", ", images.shape)}]");
        return images;
    }
}
