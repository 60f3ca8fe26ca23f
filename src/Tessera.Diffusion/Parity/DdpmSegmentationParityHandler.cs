using System.Text.Json;
using Tessera.Core.Arrays;
using Tessera.Core.Parity;
using Tessera.Diffusion.Models.UNet;
using Tessera.Diffusion.Process;
using Tessera.Diffusion.Segmentation;
using Tessera.Nn.Weights;
using static TorchSharp.torch;

namespace Tessera.Diffusion.Parity;

/// <summary>
/// yandex-research/ddpm-segmentation: a folder whose manifest config has variants with a <c>feature_channel_layout</c>
/// (decoder activations at chosen steps and blocks, the upsampled feature stack) and, where present, an <c>ensemble</c>
/// of pixel classifiers (logits, entropies, JS, uncertainty, labels) evaluated from the stored features and end to end
/// from Tessera's own features. Tolerances and the label-exactness rules come from the manifest.
/// </summary>
public sealed class DdpmSegmentationParityHandler : IParityHandler
{
    /// <inheritdoc />
    public string Format => "ddpm-segmentation";

    /// <inheritdoc />
    public IReadOnlyList<ParityGroup>? TryOpen(string directory)
    {
        using var doc = ParityManifest.TryRead(directory);
        if (doc is null || !doc.RootElement.TryGetProperty("config", out var config) || config.ValueKind != JsonValueKind.Object) { return null; }
        var variants = config.EnumerateObject()
            .Where(p => p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("feature_channel_layout", out _)).ToList();
        if (variants.Count == 0) { return null; }
        var cases = new List<ParityCase>();
        foreach (var v in variants)
        {
            var name = v.Name;
            cases.Add(new ParityCase($"{name}/features", _ => RunFeatures(directory, name)));
            if (v.Value.TryGetProperty("ensemble", out var e) && e.ValueKind == JsonValueKind.Object)
            {
                cases.Add(new ParityCase($"{name}/ensemble_from_stored_features", _ => RunEnsemble(directory, name, endToEnd: false)));
                cases.Add(new ParityCase($"{name}/ensemble_end_to_end", _ => RunEnsemble(directory, name, endToEnd: true)));
            }
        }
        return [new ParityGroup(ParityFiles.Area, ParityFiles.GroupName(doc, directory), directory, cases)];
    }

    private static (DdpmFeatureExtractor Extractor, UNetModel Model) Extractor(string directory, string variant, JsonElement v)
    {
        var kwargs = v.GetProperty("create_model_and_diffusion_kwargs");
        var weights = File.Exists(Path.Combine(directory, variant, "unet.safetensors"))
            ? Path.Combine(directory, variant, "unet.safetensors")
            : Path.Combine(Path.GetDirectoryName(directory)!, "model_sampling", "unet.safetensors");
        var model = ReferenceModels.Load(ReferenceModels.Config(kwargs), weights);
        var diffusion = GaussianDiffusion.Create(ReferenceModels.Options(kwargs));
        var options = new FeatureExtractorOptions
        {
            Steps = [.. v.GetProperty("steps").EnumerateArray().Select(s => s.GetInt32())],
            Blocks = [.. v.GetProperty("blocks").EnumerateArray().Select(s => s.GetInt32())],
            Seed = v.GetProperty("seed").GetInt64(),
            Bilinear = v.GetProperty("upsample_mode").GetString() == "bilinear",
        };
        return (new DdpmFeatureExtractor(model, diffusion, options), model);
    }

    private static ParityOutcome RunFeatures(string directory, string variant)
    {
        using var doc = ParityManifest.TryRead(directory)!;
        var v = doc.RootElement.GetProperty("config").GetProperty(variant);
        var tol = ParityFiles.Tolerance(doc.RootElement, "*/activations/*, */features.npy");
        var (extractor, model) = Extractor(directory, variant, v);
        using (model)
        using (var scope = NewDisposeScope())
        {
            var x = ParityFiles.LoadTensor(directory, $"{variant}/x.npy");
            var noise = ParityFiles.LoadTensor(directory, $"{variant}/noise.npy");
            var checks = new List<ParityOutcome>();
            var acts = extractor.Activations(x, noise);
            var layout = v.GetProperty("feature_channel_layout").EnumerateArray().ToList();
            for (var i = 0; i < layout.Count; i++)
            {
                if (layout[i].GetProperty("file").ValueKind == JsonValueKind.String)
                {
                    var file = layout[i].GetProperty("file").GetString()!;
                    checks.Add(ParityFiles.AllClose(file, acts[i], directory, $"{variant}/{file}", tol));
                }
            }
            var h = (int)x.shape[2];
            var w = (int)x.shape[3];
            checks.Add(ParityFiles.AllClose("features", extractor.Collect(acts, h, w), directory, $"{variant}/features.npy", tol));
            return ParityFiles.Summarize(checks);
        }
    }

    private static ParityOutcome RunEnsemble(string directory, string variant, bool endToEnd)
    {
        using var doc = ParityManifest.TryRead(directory)!;
        var root = doc.RootElement;
        var v = root.GetProperty("config").GetProperty(variant);
        var e = v.GetProperty("ensemble");
        var k = e.GetProperty("number_class").GetInt32();
        var members = e.GetProperty("model_num").GetInt32();
        var dim = v.GetProperty("feature_dim").GetInt32();
        var tol = ParityFiles.Tolerance(root, "*/ensemble/{logits,entropy_per_model,mean_seg,full_entropy,js,uncertainty}.npy",
            endToEnd ? "end_to_end" : "from_stored_features");
        var marginLimit = endToEnd ? 5e-2 : 1e-3;
        var classifiers = new List<PixelClassifier>();
        for (var i = 0; i < members; i++)
        {
            var c = new PixelClassifier(k, dim);
            using var sd = CheckpointReader.Read(Path.Combine(directory, variant, "classifiers", $"model_{i}.safetensors"));
            StateDictLoader.Load(c, sd);
            c.eval();
            classifiers.Add(c);
        }
        using var ensemble = new PixelEnsemble(classifiers);
        using var scope = NewDisposeScope();
        Tensor features;
        if (endToEnd)
        {
            var (extractor, model) = Extractor(directory, variant, v);
            using (model)
            {
                features = extractor.Features(ParityFiles.LoadTensor(directory, $"{variant}/x.npy"), ParityFiles.LoadTensor(directory, $"{variant}/noise.npy"));
            }
        }
        else
        {
            features = ParityFiles.LoadTensor(directory, $"{variant}/features.npy");
        }
        var pixels = features.reshape(dim, -1).permute(1, 0);
        using var p = ensemble.Predict(pixels);
        var dir = $"{variant}/ensemble";
        var margin = ParityFiles.Load(directory, $"{dir}/logit_margin.npy").ToDoubleArray();
        var tie = ParityFiles.Mask(ParityFiles.Load(directory, $"{dir}/mode_tie.npy"));
        var perModelOk = margin.Select(m => m > marginLimit).ToArray();
        var pixelsCount = tie.Length;
        var predOk = new bool[pixelsCount];
        for (var i = 0; i < pixelsCount; i++)
        {
            predOk[i] = true;
            for (var m = 0; m < members; m++) { predOk[i] &= perModelOk[(m * pixelsCount) + i]; }
        }
        var unc = NdArray.FromArray<float>([(float)p.Uncertainty]);
        var shape = ParityFiles.Load(directory, $"{dir}/pred.npy").Shape.ToArray();
        return ParityFiles.Summarize(
        [
            ParityFiles.AllClose("logits", p.Logits, directory, $"{dir}/logits.npy", tol),
            ParityFiles.AllClose("entropy_per_model", p.EntropyPerModel, directory, $"{dir}/entropy_per_model.npy", tol),
            ParityFiles.AllClose("mean_seg", p.MeanSeg, directory, $"{dir}/mean_seg.npy", tol),
            ParityFiles.AllClose("full_entropy", p.FullEntropy, directory, $"{dir}/full_entropy.npy", tol),
            ParityFiles.AllClose("js", p.Js, directory, $"{dir}/js.npy", tol),
            ParityFiles.AllClose("uncertainty", unc.Reshape(), ParityFiles.Load(directory, $"{dir}/uncertainty.npy"), tol),
            ParityFiles.Exact("argmax_per_model (margin-safe)", ParityFiles.ToArray(p.ArgmaxPerModel), ParityFiles.Load(directory, $"{dir}/argmax_per_model.npy"), perModelOk),
            ParityFiles.Exact("pred (margin-safe)", ParityFiles.ToArray(p.Labels.reshape(shape.Select(s => (long)s).ToArray())), ParityFiles.Load(directory, $"{dir}/pred.npy"), predOk),
        ]);
    }
}
