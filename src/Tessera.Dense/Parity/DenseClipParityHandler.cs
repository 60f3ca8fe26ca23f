using System.Text.Json;
using Tessera.Core.Parity;
using Tessera.Dense.DenseClip;
using Tessera.Nn.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Dense.Parity;

/// <summary>
/// Parity with raoyongming/DenseCLIP: a folder whose <c>manifest.json</c> has cases of kinds <c>denseclip_forward</c>
/// (backbone maps, global and dense embeddings, context-prompted class embeddings, context-decoder update, score maps,
/// concatenated features), <c>denseclip_context_decoder</c> and <c>denseclip_text_encoder</c>, for the variants in
/// <c>config.variants</c> (<c>CLIPResNetWithAttention</c> or <c>CLIPVisionTransformer</c>). Weights: the segmentor's
/// file plus the CLIP tensors its <c>init_weights</c> copies.
/// </summary>
public sealed class DenseClipParityHandler : ManifestParityHandler
{
    /// <inheritdoc />
    public override string Format => "denseclip";

    /// <inheritdoc />
    protected override string KindPrefix => "denseclip_";

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, Func<string, JsonDocument, JsonElement, ParityOutcome>> Runners { get; } =
        new Dictionary<string, Func<string, JsonDocument, JsonElement, ParityOutcome>>(StringComparer.Ordinal)
        {
            ["denseclip_forward"] = (d, doc, c) => RunForward(d, doc.RootElement, c),
            ["denseclip_context_decoder"] = (d, doc, c) => RunContextDecoder(d, doc.RootElement, c),
            ["denseclip_text_encoder"] = (d, doc, c) => RunTextEncoder(d, doc.RootElement, c),
        };

    private static JsonElement Variant(JsonElement root, JsonElement c)
    {
        var name = c.GetProperty("variant").GetString();
        return root.GetProperty("config").GetProperty("variants").EnumerateArray().First(v => v.GetProperty("name").GetString() == name);
    }

    /// <summary>Builds the segmentor core of a variant and loads its weights.</summary>
    private static DenseClipModel BuildModel(string directory, JsonElement root, JsonElement c, out bool vit)
    {
        var cfg = root.GetProperty("config");
        var variant = Variant(root, c);
        var text = cfg.GetProperty("text_encoder");
        var decoder = variant.GetProperty("context_decoder");
        var n1 = cfg.GetProperty("context_length").GetInt32();
        var config = new DenseClipConfig
        {
            ClassContextLength = n1,
            LearnableContext = text.GetProperty("context_length").GetInt32() - n1,
            TextWidth = text.GetProperty("transformer_width").GetInt32(),
            TextHeads = text.GetProperty("transformer_heads").GetInt32(),
            TextLayers = text.GetProperty("transformer_layers").GetInt32(),
            VocabSize = text.GetProperty("vocab_size").GetInt32(),
            EmbedDim = cfg.GetProperty("text_dim").GetInt32(),
            DecoderWidth = decoder.GetProperty("transformer_width").GetInt32(),
            DecoderHeads = decoder.GetProperty("transformer_heads").GetInt32(),
            DecoderLayers = decoder.GetProperty("transformer_layers").GetInt32(),
            Dropout = decoder.GetProperty("dropout").GetDouble(),
            Tau = cfg.GetProperty("tau").GetDouble(),
            ScoreConcatIndex = variant.GetProperty("score_concat_index").GetInt32(),
        };
        var bb = variant.GetProperty("backbone");
        var type = bb.GetProperty("type").GetString();
        vit = type == "CLIPVisionTransformer";
        nn.Module<Tensor, DenseClipFeatures> backbone = vit
            ? new DenseClipVisionTransformer(bb.GetProperty("input_resolution").GetInt32(), bb.GetProperty("width").GetInt32(), bb.GetProperty("layers").GetInt32(),
                bb.GetProperty("heads").GetInt32(), bb.GetProperty("output_dim").GetInt32(), bb.GetProperty("out_indices").EnumerateArray().Select(e => e.GetInt32()).ToList(),
                bb.GetProperty("patch_size").GetInt32())
            : new ClipResNetWithAttention(bb.GetProperty("layers").EnumerateArray().Select(e => e.GetInt32()).ToList(), bb.GetProperty("output_dim").GetInt32(),
                bb.GetProperty("input_resolution").GetInt32(), bb.GetProperty("width").GetInt32(),
                cfg.TryGetProperty("attnpool_heads_hardcoded", out var ph) ? ph.GetInt32() : 32);
        var inputs = c.GetProperty("inputs");
        var tokensFile = inputs.TryGetProperty("class_tokens", out var ct) ? ct.GetString()!
            : c.GetProperty("kind").GetString() == "denseclip_text_encoder" ? inputs.GetProperty("text").GetString()!
            : root.GetProperty("cases").EnumerateArray().Select(x => x.GetProperty("inputs").TryGetProperty("class_tokens", out var y) ? y.GetString() : null).First(x => x is not null)!;
        var tokens = DenseParityJson.ReadNpy(directory, tokensFile);
        var ids = tokens.ToDoubleArray().Select(v => (long)v).ToList();
        var model = new DenseClipModel(config, backbone, ids, tokens.Shape[0]);
        try
        {
            using var own = CheckpointReader.Read(Path.Combine(directory, variant.GetProperty("weights_file").GetString()!));
            var clipPath = c.TryGetProperty("clip_weights", out var cw) ? cw.GetString() : null;
            clipPath ??= root.GetProperty("cases").EnumerateArray().Select(x => x.TryGetProperty("clip_weights", out var y) ? y.GetString() : null).First(x => x is not null);
            using var clip = CheckpointReader.Read(Path.Combine(directory, clipPath!));
            model.LoadWeights(own, clip, vit);
            model.eval();
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static ParityOutcome RunForward(string directory, JsonElement root, JsonElement c)
    {
        using var model = BuildModel(directory, root, c, out _);
        var images = DenseParityJson.ReadTensor(directory, c.GetProperty("inputs").GetProperty("images").GetString()!);
        var outputs = c.GetProperty("outputs");
        using var features = model.Backbone.forward(images);
        using var result = model.AfterExtractFeatures(features);
        var checks = new List<ParityOutcome>();
        for (var i = 0; i < 4; i++) { checks.Add(DenseParityJson.AllCloseOutput(directory, outputs, $"backbone_out{i}", features.Maps[i])); }
        checks.Add(DenseParityJson.AllCloseOutput(directory, outputs, "global_feat", features.Global));
        checks.Add(DenseParityJson.AllCloseOutput(directory, outputs, "visual_embeddings", features.Dense));
        checks.Add(DenseParityJson.AllCloseOutput(directory, outputs, "text_embeddings_initial", result.TextEmbeddingsInitial));
        checks.Add(DenseParityJson.AllCloseOutput(directory, outputs, "visual_context", result.VisualContext));
        checks.Add(DenseParityJson.AllCloseOutput(directory, outputs, "text_diff", result.TextDiff));
        checks.Add(DenseParityJson.AllCloseOutput(directory, outputs, "text_embeddings", result.TextEmbeddings));
        checks.Add(DenseParityJson.AllCloseOutput(directory, outputs, "score_map", result.ScoreMap));
        checks.Add(DenseParityJson.AllCloseOutput(directory, outputs, "concat_features", result.Features[model.Config.ScoreConcatIndex]));
        return ParityOutcome.AllWithValues(checks);
    }

    private static ParityOutcome RunContextDecoder(string directory, JsonElement root, JsonElement c)
    {
        using var model = BuildModel(directory, root, c, out _);
        var inputs = c.GetProperty("inputs");
        var text = DenseParityJson.ReadTensor(directory, inputs.GetProperty("text").GetString()!);
        var visual = DenseParityJson.ReadTensor(directory, inputs.GetProperty("visual").GetString()!);
        if (inputs.TryGetProperty("text_expand_to_batch", out var e)) { text = text.expand(e.GetInt32(), -1, -1); }
        var diff = model.ContextDecoder!.forward(text, visual);
        return ParityOutcome.AllWithValues([DenseParityJson.AllCloseOutput(directory, c.GetProperty("outputs"), "text_diff", diff)]);
    }

    private static ParityOutcome RunTextEncoder(string directory, JsonElement root, JsonElement c)
    {
        using var model = BuildModel(directory, root, c, out _);
        var embeddings = model.ClassEmbeddings();
        return ParityOutcome.AllWithValues([DenseParityJson.AllCloseOutput(directory, c.GetProperty("outputs"), "text_embeddings_initial", embeddings)]);
    }
}
