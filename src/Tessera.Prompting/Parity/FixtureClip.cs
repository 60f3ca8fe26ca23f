using System.Text.Json;
using Tessera.Nn.Models.Clip;
using Tessera.Nn.Models.Clip.Tokenizer;
using Tessera.Nn.Weights;
using TorchSharp;

namespace Tessera.Prompting.Parity;

/// <summary>
/// Loads the tiny CLIP models of the prompting fixtures: the config from a manifest's <c>clip_config</c> (vision
/// heads = width / 64 as in <c>clip.model.CLIP</c>) and the weights with the sparse token embedding
/// (<c>token_embedding.weight.row_ids</c> + <c>.rows</c>) expanded to the dense <c>token_embedding.weight</c>.
/// </summary>
internal static class FixtureClip
{
    public static ClipConfig Config(JsonElement clipConfig)
    {
        var visionWidth = clipConfig.GetProperty("vision_width").GetInt32();
        return new ClipConfig
        {
            EmbedDim = clipConfig.GetProperty("embed_dim").GetInt32(),
            ImageResolution = clipConfig.GetProperty("image_resolution").GetInt32(),
            VisionLayers = clipConfig.GetProperty("vision_layers").GetInt32(),
            VisionWidth = visionWidth,
            VisionPatchSize = clipConfig.GetProperty("vision_patch_size").GetInt32(),
            VisionHeads = Math.Max(1, visionWidth / 64),
            ContextLength = clipConfig.GetProperty("context_length").GetInt32(),
            VocabSize = clipConfig.GetProperty("vocab_size").GetInt32(),
            TransformerWidth = clipConfig.GetProperty("transformer_width").GetInt32(),
            TransformerHeads = clipConfig.GetProperty("transformer_heads").GetInt32(),
            TransformerLayers = clipConfig.GetProperty("transformer_layers").GetInt32(),
        };
    }

    public static ClipModel Load(string weightsFile, ClipConfig config)
    {
        using var weights = CheckpointReader.Read(weightsFile);
        using var dense = Densify(weights, config);
        return ClipModel.FromWeights(dense, config);
    }

    /// <summary>A state dict with the sparse token embedding expanded (other tensors aliased).</summary>
    public static StateDict Densify(StateDict weights, ClipConfig config)
    {
        var result = new StateDict();
        foreach (var k in weights.Keys.Where(k => !k.StartsWith("token_embedding.weight.", StringComparison.Ordinal)))
        {
            result.Add(k, weights[k].alias());
        }
        if (weights.TryGetValue("token_embedding.weight.row_ids", out var ids) && weights.TryGetValue("token_embedding.weight.rows", out var rows))
        {
            var dense = torch.zeros([config.VocabSize, config.TransformerWidth], rows.dtype);
            dense.index_copy_(0, ids.to(torch.ScalarType.Int64), rows);
            result.Add("token_embedding.weight", dense);
        }
        return result;
    }

    /// <summary>The CLIP BPE vocabulary of the fixture set (<c>models/clip_tokenizer/bpe_simple_vocab_16e6.txt.gz</c>
    /// in a folder above <paramref name="directory"/>), or null.</summary>
    public static ClipTokenizer? TryFindTokenizer(string directory)
    {
        for (var dir = new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[]
            {
                Path.Combine(dir.FullName, "bpe_simple_vocab_16e6.txt.gz"),
                Path.Combine(dir.FullName, "models", "clip_tokenizer", "bpe_simple_vocab_16e6.txt.gz"),
            })
            {
                if (File.Exists(candidate)) { return ClipTokenizer.FromFile(candidate); }
            }
        }
        return null;
    }
}
