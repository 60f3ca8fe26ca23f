using System.Text.Json;
using Tessera.Core.Arrays;
using Tessera.Core.Parity;
using Tessera.Nn.Models.Vit;
using Tessera.Nn.Tensors;
using Tessera.Nn.Weights;
using Tessera.Nn.Models;
using Tessera.Prompting.Vpt;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Prompting.Parity;

/// <summary>
/// Parity with KMnP/vpt: a folder whose <c>manifest.json</c> has a <c>vit_config</c> and cases with a
/// <c>prompt_config</c>. Each case loads the full <c>vit_models.ViT</c> state dict (backbone in VPT's layout, prompts,
/// head), runs <see cref="VptClassifier"/> and compares the prompted embedding, the encoded tokens, the class feature,
/// the logits, the loss and the gradient of every trainable tensor; frozen tensors must get no gradient.
/// </summary>
public sealed class VptParityHandler : IParityHandler
{
    /// <inheritdoc />
    public string Format => "vpt";

    /// <inheritdoc />
    public IReadOnlyList<ParityGroup>? TryOpen(string directory)
    {
        using var doc = ParityManifest.TryRead(directory);
        if (doc is null) { return null; }
        var root = doc.RootElement;
        if (!root.TryGetProperty("vit_config", out _) || !root.TryGetProperty("cases", out var cases) || cases.ValueKind != JsonValueKind.Array
            || !cases.EnumerateArray().All(c => c.TryGetProperty("prompt_config", out _)))
        {
            return null;
        }
        var list = cases.EnumerateArray().Select(c => c.GetProperty("name").GetString()!)
            .Select(name => new ParityCase(name, _ => Run(directory, name))).ToList();
        var group = root.TryGetProperty("group", out var g) ? g.GetString() ?? Path.GetFileName(directory) : Path.GetFileName(directory);
        return [new ParityGroup("prompting", group, directory, list)];
    }

    internal static VitConfig ReadVitConfig(JsonElement v) => new()
    {
        ImageSize = v.GetProperty("image_size").GetInt32(),
        PatchSize = v.GetProperty("patch_size").GetInt32(),
        Width = v.GetProperty("hidden_size").GetInt32(),
        Depth = v.GetProperty("num_layers").GetInt32(),
        Heads = v.GetProperty("num_heads").GetInt32(),
        MlpRatio = v.GetProperty("mlp_dim").GetDouble() / v.GetProperty("hidden_size").GetDouble(),
        LayerNormEps = v.GetProperty("layernorm_eps").GetDouble(),
        NumClasses = 0,
    };

    internal static VptOptions ReadOptions(JsonElement promptConfig) => new()
    {
        NumTokens = promptConfig.GetProperty("NUM_TOKENS").GetInt32(),
        Deep = promptConfig.GetProperty("DEEP").GetBoolean(),
        Project = promptConfig.GetProperty("PROJECT").GetInt32(),
        Dropout = promptConfig.GetProperty("DROPOUT").GetDouble(),
        Location = promptConfig.GetProperty("LOCATION").GetString() switch
        {
            "prepend" => VptLocation.Prepend,
            "add" => VptLocation.Add,
            "prepend-pixel" => VptLocation.PrependPixel,
            "below" => VptLocation.ConcatChannel,
            var other => throw new Tessera.Core.Errors.TesseraFormatException($"unknown VPT location '{other}'"),
        },
        Pooling = promptConfig.GetProperty("VIT_POOL_TYPE").GetString() switch
        {
            "original" => VptPooling.ClassToken,
            "img_pool" => VptPooling.PatchMean,
            "prompt_pool" => VptPooling.PromptMean,
            "imgprompt_pool" => VptPooling.PromptAndPatchMean,
            var other => throw new Tessera.Core.Errors.TesseraFormatException($"unknown VPT pool type '{other}'"),
        },
    };

    private static ParityOutcome Run(string directory, string caseName)
    {
        using var doc = ParityManifest.TryRead(directory)!;
        var root = doc.RootElement;
        var c = root.GetProperty("cases").EnumerateArray().First(x => x.GetProperty("name").GetString() == caseName);
        var caseDir = Path.Combine(directory, c.GetProperty("dir").GetString()!);
        string F(string file) => Path.Combine(caseDir, file);
        var tol = root.GetProperty("tolerances");
        var config = ReadVitConfig(root.GetProperty("vit_config"));
        var numClasses = root.GetProperty("head").GetProperty("num_classes").GetInt32();

        using var scope = torch.NewDisposeScope();
        using var weights = CheckpointReader.Read(F("weights.safetensors"));
        var (taskWeights, backboneWeights) = VptCheckpoint.Split(weights);
        using var taskDisposer = taskWeights;
        using var backboneDisposer = backboneWeights;
        using var vit = new VisionTransformer(config);
        VitCheckpoint.Load(vit, backboneWeights, strict: true);
        Freeze.All(vit);
        using var model = new VptClassifier(vit, config.ImageSize, numClasses, ReadOptions(c.GetProperty("prompt_config")));
        StateDictLoader.Load(model, taskWeights, strict: true);

        var checks = new List<ParityOutcome>();
        checks.AddRange(ParityChecks.ExactWeights(model.named_parameters().Select(p => (VptCheckpoint.ReferenceName(p.name), (Tensor)p.parameter)), weights));
        checks.Add(ParityOutcome.Exact("num_params_trainable", model.ParameterCount == c.GetProperty("num_params_trainable").GetInt64() ? 0 : 1,
            $"ours {model.ParameterCount}"));

        var images = ImageTensors.ToTensor(Npy.Read(Path.Combine(directory, root.GetProperty("input").GetProperty("file").GetString()!)));
        var labels = ImageTensors.ToTensor(Npy.Read(Path.Combine(directory, root.GetProperty("labels").GetProperty("file").GetString()!))).to(ScalarType.Int64);
        model.train();
        var (embedded, hidden) = model.Encode(images);
        var encoded = model.Backbone.NormTokens(hidden);
        var logits = model.Head.forward(encoded.select(1, 0));
        var loss = nn.functional.cross_entropy(logits, labels);
        loss.backward();
        using (torch.no_grad())
        {
            checks.Add(ParityChecks.AllCloseFile("embedding_output", embedded, F("embedding_output.npy"), ParityChecks.ReadTolerance(tol.GetProperty("embedding_output"))));
            checks.Add(ParityChecks.AllCloseFile("encoded", encoded, F("encoded.npy"), ParityChecks.ReadTolerance(tol.GetProperty("encoded"))));
            checks.Add(ParityChecks.AllCloseFile("cls_feature", model.Features(images), F("cls_feature.npy"), ParityChecks.ReadTolerance(tol.GetProperty("cls_feature"))));
            model.eval();
            checks.Add(ParityChecks.AllCloseFile("logits", model.forward(images), F("logits.npy"), ParityChecks.ReadTolerance(tol.GetProperty("logits"))));
            checks.Add(ParityChecks.AllCloseFile("loss", loss, F("loss.npy"), ParityChecks.ReadTolerance(tol.GetProperty("loss"))));
            var gradTol = ParityChecks.ReadTolerance(tol.GetProperty("grads"));
            using var grads = CheckpointReader.Read(F("grads.safetensors"));
            foreach (var (name, p) in model.named_parameters())
            {
                var reference = VptCheckpoint.ReferenceName(name);
                checks.Add(p.grad is null
                    ? new ParityOutcome(ParityStatus.Fail, $"grad[{reference}]", null, null, "no gradient")
                    : ParityOutcome.AllClose($"grad[{reference}]", ImageTensors.ToNdArray(p.grad), ImageTensors.ToNdArray(grads[reference]), gradTol.Atol, gradTol.Rtol));
            }
            checks.Add(ParityOutcome.Exact("frozen_parameters_with_grad", vit.parameters().Count(p => p.grad is not null), "the backbone must get no gradient"));
        }
        return ParityChecks.Summarize(checks);
    }
}
