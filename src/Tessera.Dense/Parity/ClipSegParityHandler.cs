using System.Text.Json;
using Tessera.Core.Imaging;
using Tessera.Core.Parity;
using Tessera.Dense.ClipSeg;
using Tessera.Nn.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Dense.Parity;

/// <summary>
/// Parity with timojl/clipseg: a folder whose <c>manifest.json</c> has cases of kinds <c>clipseg_preprocess</c> (the
/// Quickstart transform), <c>clipseg_visual_prompt</c> (visual prompt engineering), <c>clipseg_rescaled_pos_emb</c> and
/// <c>clipseg_forward</c> (conditional vectors, CLIP activations, decoder tokens and logits of a decoder checkpoint on
/// a CLIP checkpoint). Models, paths and tolerances come from the manifest.
/// </summary>
public sealed class ClipSegParityHandler : ManifestParityHandler
{
    /// <inheritdoc />
    public override string Format => "clipseg";

    /// <inheritdoc />
    protected override string KindPrefix => "clipseg_";

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, Func<string, JsonDocument, JsonElement, ParityOutcome>> Runners { get; } =
        new Dictionary<string, Func<string, JsonDocument, JsonElement, ParityOutcome>>(StringComparer.Ordinal)
        {
            ["clipseg_preprocess"] = RunPreprocess,
            ["clipseg_visual_prompt"] = RunVisualPrompt,
            ["clipseg_rescaled_pos_emb"] = RunRescaledPosEmb,
            ["clipseg_forward"] = RunForward,
        };

    private static ParityOutcome RunPreprocess(string directory, JsonDocument doc, JsonElement c)
    {
        var size = c.GetProperty("params").GetProperty("size").GetInt32();
        using var image = Image.FromNdArray(DenseParityJson.ReadNpy(directory, c.GetProperty("inputs").GetProperty("image_uint8_hwc").GetString()!));
        var pixels = ClipSegPreprocess.ToTensor(image, size);
        return ParityOutcome.AllWithValues([DenseParityJson.AllCloseOutput(directory, c.GetProperty("outputs"), "pixel_values_chw", pixels)]);
    }

    /// <summary>The options of a <c>clipseg_visual_prompt</c> case (or of a visual conditional's <c>built_from</c>).</summary>
    internal static VisualPromptOptions PromptOptions(JsonElement c)
    {
        if (c.TryGetProperty("function", out var f) && f.GetString() == "img_preprocess")
        {
            var p = c.GetProperty("params");
            return new VisualPromptOptions
            {
                Blur = p.TryGetProperty("blur", out var b) ? b.GetDouble() : 0,
                BackgroundFactor = p.TryGetProperty("bg_fac", out var bg) ? bg.GetDouble() : 1,
                CropContext = p.TryGetProperty("center_context", out var cc) ? cc.GetDouble() : null,
                ImageSize = p.TryGetProperty("image_size", out var s) ? s.GetInt32() : 224,
            };
        }
        var args = c.TryGetProperty("params", out var pp) ? pp : c;
        var mode = args.GetProperty("mode").GetString()!;
        var size = args.TryGetProperty("image_size", out var sz) ? sz.GetInt32() : 224;
        return VisualPromptOptions.ForMode(mode, size);
    }

    private static ParityOutcome RunVisualPrompt(string directory, JsonDocument doc, JsonElement c)
    {
        var inputs = c.GetProperty("inputs");
        var image = DenseParityJson.ReadTensor(directory, inputs.GetProperty("image").GetString()!);
        var mask = DenseParityJson.ReadTensor(directory, inputs.GetProperty("mask").GetString()!);
        var output = VisualPromptEngineering.Apply(image, mask, PromptOptions(c));
        return ParityOutcome.AllWithValues([DenseParityJson.AllCloseOutput(directory, c.GetProperty("outputs"), "image", output)]);
    }

    private static ParityOutcome RunRescaledPosEmb(string directory, JsonDocument doc, JsonElement c)
    {
        var p = c.GetProperty("params");
        using var weights = CheckpointReader.Read(Path.Combine(directory, c.GetProperty("clip_weights").GetString()!));
        var pos = weights["visual.positional_embedding"];
        var from = (p.GetProperty("from_grid")[0].GetInt32(), p.GetProperty("from_grid")[1].GetInt32());
        var to = (p.GetProperty("to_grid")[0].GetInt32(), p.GetProperty("to_grid")[1].GetInt32());
        var resized = ClipSegPositionEmbedding.Rescale(pos, from, to);
        return ParityOutcome.AllWithValues([DenseParityJson.AllCloseOutput(directory, c.GetProperty("outputs"), "positional_embedding", resized)]);
    }

    /// <summary>The decoder configuration of a manifest model entry (<c>config.models[*].constructor</c>).</summary>
    internal static ClipSegConfig ModelConfig(JsonElement model)
    {
        var k = model.GetProperty("constructor");
        return new ClipSegConfig
        {
            ExtractLayers = k.TryGetProperty("extract_layers", out var el) ? el.EnumerateArray().Select(e => e.GetInt32()).ToList() : [3, 6, 9],
            CondLayer = k.TryGetProperty("cond_layer", out var cl) ? cl.GetInt32() : 0,
            ReduceDim = k.TryGetProperty("reduce_dim", out var rd) ? rd.GetInt32() : 128,
            Heads = k.TryGetProperty("n_heads", out var nh) ? nh.GetInt32() : 4,
            ComplexTransConv = k.TryGetProperty("complex_trans_conv", out var ct) && ct.GetBoolean(),
        };
    }

    private static ParityOutcome RunForward(string directory, JsonDocument doc, JsonElement c)
    {
        var modelName = c.GetProperty("model").GetString();
        var modelEntry = doc.RootElement.GetProperty("config").GetProperty("models").EnumerateArray().First(m => m.GetProperty("name").GetString() == modelName);
        var clip = DenseParityJson.LoadClip(Path.Combine(directory, c.GetProperty("clip_weights").GetString()!));
        using var decoderWeights = CheckpointReader.Read(Path.Combine(directory, c.GetProperty("decoder_weights").GetString()!));
        using var model = ClipSegModel.Load(clip, decoderWeights, ModelConfig(modelEntry));
        var query = DenseParityJson.ReadTensor(directory, c.GetProperty("inputs").GetProperty("query").GetString()!);
        var b = query.shape[0];
        var outputs = c.GetProperty("outputs");
        var checks = new List<ParityOutcome>();
        var conditional = c.GetProperty("conditional");
        Tensor cond;
        if (conditional.GetProperty("type").GetString() == "visual")
        {
            var from = conditional.GetProperty("built_from");
            var image = DenseParityJson.ReadTensor(directory, from.GetProperty("image").GetString()!);
            var mask = DenseParityJson.ReadTensor(directory, from.GetProperty("mask").GetString()!);
            var prompt = VisualPromptEngineering.Apply(image, mask, PromptOptions(from));
            var perPrompt = model.VisualConditional(prompt.unsqueeze(0));
            checks.Add(DenseParityJson.AllCloseSpec(directory, conditional.GetProperty("cond_per_prompt"), "cond_per_prompt", perPrompt));
            cond = perPrompt.expand(b, -1);
        }
        else
        {
            var tokens = DenseParityJson.ReadTensor(directory, conditional.GetProperty("tokens").GetString()!);
            cond = model.TextConditional(tokens);
        }
        using var output = model.Forward(query, cond, [0]);
        checks.Add(DenseParityJson.AllCloseOutput(directory, outputs, "cond", cond));
        checks.Add(DenseParityJson.AllCloseOutput(directory, outputs, "visual_q", output.VisualQ));
        var layers = model.Decoder.Config.ExtractLayers.Prepend(0).ToList();
        var stacked = torch.stack(layers.Select(l => output.Activations[l].permute(1, 0, 2)).ToList());
        checks.Add(DenseParityJson.AllCloseOutput(directory, outputs, "activations", stacked));
        checks.Add(DenseParityJson.AllCloseOutput(directory, outputs, "decoder_tokens", output.DecoderTokens));
        checks.Add(DenseParityJson.AllCloseOutput(directory, outputs, "logits", output.Logits));
        return ParityOutcome.AllWithValues(checks);
    }
}
