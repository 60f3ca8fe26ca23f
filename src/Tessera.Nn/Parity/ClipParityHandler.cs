using System.Text.Json;
using Tessera.Core.Arrays;
using Tessera.Core.Imaging;
using Tessera.Core.Parity;
using Tessera.Nn.Models.Clip;
using Tessera.Nn.Tensors;
using Tessera.Nn.Weights;
using TorchSharp;

namespace Tessera.Nn.Parity;

/// <summary>
/// Parity with openai/CLIP: a folder whose <c>manifest.json</c> has cases of kind <c>clip_forward</c> (image and text
/// features, logits, per-layer image tokens of a model built from <c>config</c> and the manifest's weights) or
/// <c>clip_preprocess</c> (<c>_transform</c>'s resize, crop and normalisation). Tolerances come from the manifest.
/// </summary>
public sealed class ClipParityHandler : IParityHandler
{
    /// <inheritdoc />
    public string Format => "openai-clip";

    /// <inheritdoc />
    public IReadOnlyList<ParityGroup>? TryOpen(string directory)
    {
        using var doc = ParityManifest.TryRead(directory);
        if (doc is null || !doc.RootElement.TryGetProperty("cases", out var cases) || cases.ValueKind != JsonValueKind.Array) { return null; }
        var kinds = cases.EnumerateArray().Select(c => c.TryGetProperty("kind", out var k) ? k.GetString() : null).ToList();
        if (kinds.Count == 0 || !kinds.All(k => k is "clip_forward" or "clip_preprocess")) { return null; }
        var group = doc.RootElement.TryGetProperty("group", out var g) ? g.GetString() ?? Path.GetFileName(directory) : Path.GetFileName(directory);
        var list = new List<ParityCase>();
        foreach (var c in cases.EnumerateArray())
        {
            var name = c.GetProperty("name").GetString()!;
            var kind = c.GetProperty("kind").GetString();
            list.Add(kind == "clip_forward"
                ? new ParityCase(name, _ => RunForward(directory, name))
                : new ParityCase(name, _ => RunPreprocess(directory, name)));
        }
        return [new ParityGroup("models", group, directory, list)];
    }

    private static JsonElement FindCase(JsonDocument doc, string name)
        => doc.RootElement.GetProperty("cases").EnumerateArray().First(c => c.GetProperty("name").GetString() == name);

    /// <summary>Builds the model from the manifest's config (head counts as recorded) and its weights.</summary>
    internal static ClipModel BuildModel(string directory, JsonElement root)
    {
        var cfg = root.GetProperty("config");
        var config = new ClipConfig
        {
            EmbedDim = cfg.GetProperty("embed_dim").GetInt32(),
            ImageResolution = cfg.GetProperty("image_resolution").GetInt32(),
            VisionLayers = cfg.GetProperty("vision_layers").GetInt32(),
            VisionWidth = cfg.GetProperty("vision_width").GetInt32(),
            VisionPatchSize = cfg.GetProperty("vision_patch_size").GetInt32(),
            VisionHeads = cfg.TryGetProperty("vision_heads", out var vh) ? vh.GetInt32() : Math.Max(1, cfg.GetProperty("vision_width").GetInt32() / 64),
            ContextLength = cfg.GetProperty("context_length").GetInt32(),
            VocabSize = cfg.GetProperty("vocab_size").GetInt32(),
            TransformerWidth = cfg.GetProperty("transformer_width").GetInt32(),
            TransformerHeads = cfg.GetProperty("transformer_heads").GetInt32(),
            TransformerLayers = cfg.GetProperty("transformer_layers").GetInt32(),
        };
        var weightsFile = Path.Combine(directory, root.GetProperty("weights").GetProperty("file").GetString()!);
        using var weights = CheckpointReader.Read(weightsFile);
        return ClipModel.FromWeights(weights, config);
    }

    private static ParityOutcome RunForward(string directory, string caseName)
    {
        using var doc = ParityManifest.TryRead(directory)!;
        var c = FindCase(doc, caseName);
        var inputs = c.GetProperty("inputs");
        var outputs = c.GetProperty("outputs");
        var imageIndex = c.TryGetProperty("activation_image_index", out var ai) ? ai.GetInt32() : 0;
        using var model = BuildModel(directory, doc.RootElement);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var images = ImageTensors.ToTensor(Npy.Read(Path.Combine(directory, inputs.GetProperty("images").GetString()!)));
        var tokens = ImageTensors.ToTensor(Npy.Read(Path.Combine(directory, inputs.GetProperty("text_tokens").GetString()!)));
        using var activations = model.Visual.Forward(images, Enumerable.Range(0, model.Visual.Depth).ToArray());
        var text = model.EncodeText(tokens);
        var logits = model.Logits(activations.Pooled, text);
        var checks = new List<ParityOutcome>
        {
            ParityJson.AllCloseOutput(directory, outputs, "image_features", ImageTensors.ToNdArray(activations.Pooled)),
            ParityJson.AllCloseOutput(directory, outputs, "text_features", ImageTensors.ToNdArray(text)),
            ParityJson.AllCloseOutput(directory, outputs, "logits_per_image", ImageTensors.ToNdArray(logits)),
        };
        if (outputs.TryGetProperty("visual_ln_pre_tokens", out _))
        {
            checks.Add(ParityJson.AllCloseOutput(directory, outputs, "visual_ln_pre_tokens", ImageTensors.ToNdArray(activations.Embedded[imageIndex])));
        }
        if (outputs.TryGetProperty("visual_resblock_outputs", out _))
        {
            var stacked = torch.stack(activations.Blocks.Values.Select(b => b[imageIndex]).ToList());
            checks.Add(ParityJson.AllCloseOutput(directory, outputs, "visual_resblock_outputs", ImageTensors.ToNdArray(stacked)));
        }
        return ParityOutcome.AllWithValues(checks);
    }

    private static ParityOutcome RunPreprocess(string directory, string caseName)
    {
        using var doc = ParityManifest.TryRead(directory)!;
        var c = FindCase(doc, caseName);
        var p = c.GetProperty("params");
        var nPx = p.GetProperty("n_px").GetInt32();
        var outputs = c.GetProperty("outputs");
        var raw = Image.FromNdArray(Npy.Read(Path.Combine(directory, c.GetProperty("inputs").GetProperty("image_uint8_hwc").GetString()!)));
        var resized = ClipPreprocess.Resize(raw, nPx);
        var cropped = ClipPreprocess.CenterCrop(resized, nPx);
        var pixels = ClipPreprocess.Normalize(cropped, ClipConfig.VitB16.Mean, ClipConfig.VitB16.Std);
        var checks = new List<ParityOutcome>();
        if (p.TryGetProperty("center_crop_top_left", out var tl))
        {
            var (top, left) = ClipPreprocess.CropOffsets(resized.Height, resized.Width, nPx);
            var ok = top == tl[0].GetInt32() && left == tl[1].GetInt32();
            checks.Add(ParityOutcome.Exact("center_crop_top_left", ok ? 0 : 1, $"ours ({top}, {left})"));
        }
        checks.Add(ParityJson.AllCloseOutput(directory, outputs, "resized_uint8_hwc", resized.ToNdArray()));
        checks.Add(ParityJson.AllCloseOutput(directory, outputs, "cropped_uint8_hwc", cropped.ToNdArray()));
        checks.Add(ParityJson.AllCloseOutput(directory, outputs, "pixel_values_chw", pixels));
        return ParityOutcome.AllWithValues(checks);
    }
}
