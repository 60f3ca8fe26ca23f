using System.Globalization;
using System.Text.Json;
using Tessera.Core.Arrays;
using Tessera.Core.Parity;
using Tessera.Nn.Models.Clip;
using Tessera.Nn.Tensors;
using Tessera.Nn.Weights;
using static TorchSharp.torch;

namespace Tessera.Dense.Parity;

/// <summary>Helpers shared by the CLIPSeg and DenseCLIP parity handlers: manifests, allclose outcomes, the CLIP model
/// a group builds on.</summary>
internal static class DenseParityJson
{
    /// <summary>The manifest's case kinds when every one starts with <paramref name="prefix"/>, else null.</summary>
    public static (JsonDocument Doc, string Group)? OpenWithKinds(string directory, string prefix)
    {
        var doc = ParityManifest.TryRead(directory);
        if (doc is null) { return null; }
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("cases", out var cases) || cases.ValueKind != JsonValueKind.Array)
        {
            doc.Dispose();
            return null;
        }
        var kinds = cases.EnumerateArray().Select(c => c.TryGetProperty("kind", out var k) ? k.GetString() : null).ToList();
        if (kinds.Count == 0 || !kinds.All(k => k is not null && k.StartsWith(prefix, StringComparison.Ordinal)))
        {
            doc.Dispose();
            return null;
        }
        var group = root.TryGetProperty("group", out var g) ? g.GetString() ?? Path.GetFileName(directory) : Path.GetFileName(directory);
        return (doc, group);
    }

    public static JsonElement FindCase(JsonDocument doc, string name)
        => doc.RootElement.GetProperty("cases").EnumerateArray().First(c => c.GetProperty("name").GetString() == name);

    public static NdArray ReadNpy(string directory, string file) => Npy.Read(Path.Combine(directory, file));

    public static Tensor ReadTensor(string directory, string file) => ImageTensors.ToTensor(ReadNpy(directory, file));

    /// <summary>Compares a tensor with the output <paramref name="name"/> of a case (file, atol, rtol).</summary>
    public static ParityOutcome AllCloseOutput(string directory, JsonElement outputs, string name, Tensor actual, string? label = null)
    {
        var o = outputs.GetProperty(name);
        return AllCloseSpec(directory, o, label ?? name, actual);
    }

    /// <summary>Compares a tensor with an output spec <c>{file, atol, rtol}</c>.</summary>
    public static ParityOutcome AllCloseSpec(string directory, JsonElement spec, string name, Tensor actual)
    {
        var expected = ReadNpy(directory, spec.GetProperty("file").GetString()!);
        return ParityOutcome.AllClose(name, ImageTensors.ToNdArray(actual.detach().contiguous()), expected, spec.GetProperty("atol").GetDouble(), spec.GetProperty("rtol").GetDouble());
    }

    /// <summary>Loads the CLIP a group builds on: weights at <paramref name="weightsPath"/>; head counts from the
    /// <c>config</c> of a CLIP manifest beside the weights when there is one (they cannot be read from weights).</summary>
    public static ClipModel LoadClip(string weightsPath)
    {
        using var weights = CheckpointReader.Read(weightsPath);
        int? textHeads = null;
        int? visionHeads = null;
        var folder = Path.GetDirectoryName(Path.GetFullPath(weightsPath))!;
        using (var clipManifest = ParityManifest.TryRead(folder))
        {
            if (clipManifest is not null && clipManifest.RootElement.TryGetProperty("config", out var cfg) && cfg.ValueKind == JsonValueKind.Object)
            {
                if (cfg.TryGetProperty("transformer_heads", out var th)) { textHeads = th.GetInt32(); }
                if (cfg.TryGetProperty("vision_heads", out var vh)) { visionHeads = vh.GetInt32(); }
            }
        }
        using var openAi = ClipCheckpoint.ToOpenAi(weights);
        var config = ClipConfig.FromStateDict(openAi, textHeads, visionHeads);
        return ClipModel.FromWeights(openAi, config);
    }
}
