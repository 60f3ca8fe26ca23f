using System.Globalization;
using Tessera.Core.Errors;
using Tessera.Nn.Models.Clip;
using Tessera.Nn.Models.Clip.Tokenizer;
using Tessera.Nn.Models.Vit;
using Tessera.Nn.Weights;

namespace Tessera.World.Models;

/// <summary>
/// The small models Tessera pretrained on its shapes world and ships in <c>models/</c>:
/// <list type="bullet">
/// <item><c>models/world-vit-tiny/model.safetensors</c>: a timm-layout ViT (32², patch 8, width 160, depth 4, 4 heads,
/// 56 classes = shape × colour of the <c>classify</c> domain; mean/std 0.5);</item>
/// <item><c>models/world-clip-tiny/model.safetensors</c> + <c>vocab.json</c>/<c>merges.txt</c>: an OpenAI-layout CLIP
/// (32², patch 8, both towers width 128, 3 layers, 2 heads each, context 24, embed 128) with CLIP's BPE tokenizer on a vocabulary
/// cut from CLIP's (see <see cref="Vocabulary.CompactClipVocabulary"/>).</item>
/// </list>
/// Each folder has <c>card.md</c> (data, steps, wall time, metrics, command) and <c>card.json</c>.
/// Plain Nn calls load them too: <c>ClipModel.FromWeights(CheckpointReader.Read(dir + "/model.safetensors"))</c>,
/// <c>ClipTokenizer.FromFile(dir)</c>; <c>new VisionTransformer(WorldModels.VitConfig)</c> + <c>VitCheckpoint.Load</c>.
/// </summary>
public static class WorldModels
{
    /// <summary>Folder name of the tiny ViT under <c>models/</c>.</summary>
    public const string VitFolder = "world-vit-tiny";

    /// <summary>Folder name of the tiny CLIP under <c>models/</c>.</summary>
    public const string ClipFolder = "world-clip-tiny";

    /// <summary>File name of the weights in a model folder.</summary>
    public const string WeightsFile = "model.safetensors";

    /// <summary>Image side of both world models (scenes are generated at this size).</summary>
    public const int ImageSize = 32;

    /// <summary>The tiny ViT's configuration.</summary>
    public static VitConfig VitConfig { get; } = new()
    {
        ImageSize = ImageSize, PatchSize = 8, Width = 160, Depth = 4, Heads = 4, NumClasses = 56,
    };

    /// <summary>The tiny CLIP's configuration for a vocabulary of <paramref name="vocabularySize"/> tokens.</summary>
    /// <param name="vocabularySize">Entries of the compact vocabulary.</param>
    /// <returns>The configuration.</returns>
    public static ClipConfig ClipConfig(int vocabularySize) => new()
    {
        EmbedDim = 128, ImageResolution = ImageSize, VisionLayers = 3, VisionWidth = 128, VisionPatchSize = 8, VisionHeads = 2,
        ContextLength = 24, VocabSize = vocabularySize, TransformerWidth = 128, TransformerHeads = 2, TransformerLayers = 3,
    };

    /// <summary>
    /// Finds the repository's <c>models/</c> folder: walks up from <paramref name="start"/> (default: the current
    /// directory, then the application folder) to the first folder holding <c>models/world-vit-tiny</c> or <c>models/world-clip-tiny</c>.
    /// </summary>
    /// <param name="start">Where to start, or null.</param>
    /// <returns>The <c>models</c> folder, or null when none is found.</returns>
    public static string? FindModelsDirectory(string? start = null)
    {
        foreach (var origin in start is null ? new[] { Environment.CurrentDirectory, AppContext.BaseDirectory } : [start])
        {
            for (var dir = new DirectoryInfo(origin); dir is not null; dir = dir.Parent)
            {
                var models = Path.Combine(dir.FullName, "models");
                if (Directory.Exists(Path.Combine(models, VitFolder)) || Directory.Exists(Path.Combine(models, ClipFolder)))
                {
                    return models;
                }
            }
        }
        return null;
    }

    /// <summary>Loads the tiny ViT from its folder (or a <c>.safetensors</c> file), in eval mode.</summary>
    /// <param name="path">The model folder or weights file.</param>
    /// <returns>The model the caller owns.</returns>
    /// <exception cref="FileNotFoundException">The weights file does not exist.</exception>
    /// <exception cref="IncompatibleWeightsException">The weights are not the tiny ViT's (missing, unexpected or mis-shaped keys).</exception>
    public static VisionTransformer LoadVit(string path)
    {
        var file = WeightsPath(path);
        using var weights = CheckpointReader.Read(file);
        var model = new VisionTransformer(VitConfig);
        try
        {
            VitCheckpoint.Load(model, weights, strict: true);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        model.eval();
        return model;
    }

    /// <summary>Loads the tiny CLIP and its tokenizer from its folder, in eval mode.</summary>
    /// <param name="directory">The model folder (holding <c>model.safetensors</c>, <c>vocab.json</c>, <c>merges.txt</c>).</param>
    /// <returns>The model and tokenizer; the caller owns the model.</returns>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="IncompatibleWeightsException">The weights do not match the tiny CLIP.</exception>
    public static WorldClip LoadClip(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var tokenizer = ClipTokenizer.FromFile(directory);
        using var weights = CheckpointReader.Read(WeightsPath(directory));
        var model = ClipModel.FromWeights(weights, ClipConfig(tokenizer.VocabularySize));
        return new WorldClip(model, tokenizer);
    }

    /// <summary>The weights file of a model folder (or the file itself).</summary>
    /// <param name="path">Folder or file.</param>
    /// <returns>The file path.</returns>
    /// <exception cref="FileNotFoundException">It does not exist.</exception>
    public static string WeightsPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var file = Directory.Exists(path) ? Path.Combine(path, WeightsFile) : path;
        return File.Exists(file) ? file
            : throw new FileNotFoundException($"model weights '{file}' do not exist (regenerate them with: tessera world pretrain --model vit|clip --out models/…)", file);
    }

    internal static string Format(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
