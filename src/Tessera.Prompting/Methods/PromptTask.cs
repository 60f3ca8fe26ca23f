using Tessera.Core.Errors;
using Tessera.Core.Random;
using Tessera.Nn.Weights;
using Tessera.Prompting.Coop;
using Tessera.Prompting.Pixel;
using Tessera.Prompting.Tasks;
using Tessera.Prompting.Vpt;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Prompting.Methods;

/// <summary>
/// One task of any <see cref="PromptMethod"/> on a <see cref="PromptBackbone"/>: the model to train and run, its
/// configuration, and the task file it is stored as. A task file holds exactly the values that train: prompts + head
/// (VPT), the pixel prompt, CoOp's context, the head (linear probe), biases + head (BitFit), or every backbone weight +
/// the head (full fine-tune: a whole model, not a small file).
/// </summary>
/// <remarks>The task borrows the backbone. Full fine-tune and BitFit change the backbone's weights in place; the
/// fingerprint stored with the task is the one of the backbone before training, so the task file loads onto the
/// original pretrained weights.</remarks>
public sealed class PromptTask : IDisposable
{
    private PromptTask(PromptMethod method, nn.Module<Tensor, Tensor> model, PromptTaskConfig config, PromptBackbone backbone)
    {
        Method = method;
        Model = model;
        Config = config;
        Backbone = backbone;
    }

    /// <summary>The method.</summary>
    public PromptMethod Method { get; }

    /// <summary>The model: images <c>[B, 3, S, S]</c> (normalised for the backbone) → logits <c>[B, classes]</c>.</summary>
    public nn.Module<Tensor, Tensor> Model { get; }

    /// <summary>The configuration stored with the task.</summary>
    public PromptTaskConfig Config { get; }

    /// <summary>The backbone it runs on (borrowed).</summary>
    public PromptBackbone Backbone { get; }

    /// <summary>Values that train (and are stored).</summary>
    public long TrainableCount => Model.parameters().Where(p => p.requires_grad).Sum(p => p.numel());

    /// <summary>Stored values versus backbone values.</summary>
    public ParameterBudget Budget => new(TrainableCount, Backbone.ParameterCount);

    /// <summary>Creates a fresh task.</summary>
    /// <param name="method">The method.</param>
    /// <param name="backbone">A ViT for VPT and the baselines, a CLIP for pixel prompts, CoOp and zero-shot.</param>
    /// <param name="classNames">Class names in label order (CLIP methods turn them into texts).</param>
    /// <param name="options">Method settings; defaults when null.</param>
    /// <param name="seed">Initialisation seed.</param>
    /// <returns>The task.</returns>
    /// <exception cref="TesseraArgumentException">The backbone is of the wrong kind, no class, or an option is invalid.</exception>
    public static PromptTask Create(PromptMethod method, PromptBackbone backbone, IReadOnlyList<string> classNames, PromptMethodOptions? options = null, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentNullException.ThrowIfNull(classNames);
        options ??= new PromptMethodOptions();
        options.Validate();
        Guard.That(classNames.Count > 0, nameof(classNames), "must hold at least one class");
        var config = new PromptTaskConfig
        {
            Method = ConfigName(method),
            ImageSize = backbone.ImageSize,
            ClassNames = [.. classNames],
            BackboneName = backbone.Name,
            Vpt = method is PromptMethod.VptDeep or PromptMethod.VptShallow ? new VptOptions { NumTokens = options.Tokens, Deep = method == PromptMethod.VptDeep } : null,
            Coop = method == PromptMethod.Coop ? new CoopOptions { ContextLength = options.Tokens } : null,
            Pixel = PixelMethod(method),
            PromptSize = PixelMethod(method) is null ? null : options.PromptSize,
            Template = method is PromptMethod.Pad or PromptMethod.FixedPatch or PromptMethod.RandomPatch or PromptMethod.ZeroShot ? options.Template : null,
        };
        return Build(method, config, backbone, seed);
    }

    /// <summary>Loads a task file onto a backbone, refusing any backbone but the one it was trained on.</summary>
    /// <param name="path">The task file.</param>
    /// <param name="backbone">The backbone (for full fine-tune and BitFit: a copy of the pretrained one, which the stored values overwrite).</param>
    /// <returns>The task.</returns>
    /// <exception cref="TesseraArgumentException">The backbone differs from the training backbone (both are named) or is of the wrong kind.</exception>
    /// <exception cref="TesseraFormatException">The file is not a task file or its tensors do not match its configuration.</exception>
    public static PromptTask Load(string path, PromptBackbone backbone)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        var (config, weights, expected) = PromptTaskFile.Read(path);
        using (weights)
        {
            var method = MethodOf(config, path);
            PromptTaskFile.RequireBackbone(path, expected, backbone.Fingerprint, backbone.Name);
            var task = Build(method, config, backbone, seed: 0);
            try
            {
                task.CopyStored(weights, path);
            }
            catch
            {
                task.Dispose();
                throw;
            }
            return task;
        }
    }

    /// <summary>The method a stored configuration describes.</summary>
    /// <param name="config">The configuration.</param>
    /// <param name="source">File name for errors.</param>
    /// <returns>The method.</returns>
    /// <exception cref="TesseraFormatException">The configuration names no known method or lacks its settings.</exception>
    public static PromptMethod MethodOf(PromptTaskConfig config, string source)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Method switch
        {
            "vpt" when config.Vpt is not null => config.Vpt.Deep ? PromptMethod.VptDeep : PromptMethod.VptShallow,
            "coop" when config.Coop is not null => PromptMethod.Coop,
            "pixel" when config.Pixel is not null && config.PromptSize is not null => config.Pixel switch
            {
                PixelPromptMethod.Padding => PromptMethod.Pad,
                PixelPromptMethod.FixedPatch => PromptMethod.FixedPatch,
                _ => PromptMethod.RandomPatch,
            },
            "linear" => PromptMethod.Linear,
            "full" => PromptMethod.Full,
            "bitfit" => PromptMethod.BitFit,
            _ => throw new TesseraFormatException(source, null, $"task method '{config.Method}' is unknown or lacks its settings"),
        };
    }

    /// <summary>Copies of the values that train, under the model's parameter names (what <see cref="Save"/> stores).</summary>
    /// <returns>A new state dict the caller owns.</returns>
    public StateDict StoredWeights()
    {
        var result = new StateDict();
        using var noGrad = torch.no_grad();
        foreach (var (name, p) in Model.named_parameters().Where(x => x.parameter.requires_grad))
        {
            result.Add(name, p.detach().cpu().contiguous().clone());
        }
        return result;
    }

    /// <summary>Saves the task atomically (safetensors: the stored values, the configuration, the backbone's fingerprint).</summary>
    /// <param name="path">Destination.</param>
    /// <returns>Stored values versus backbone values.</returns>
    /// <exception cref="TesseraArgumentException">Zero-shot tasks have nothing to store.</exception>
    public ParameterBudget Save(string path)
    {
        Guard.That(Method != PromptMethod.ZeroShot, "method", "zero-shot tasks learn nothing and are not stored (evaluate them with --method zero-shot)");
        using var weights = StoredWeights();
        var metadata = new Dictionary<string, string> { [PromptTaskFile.ConfigKey] = Config.ToJson(), [PromptTaskFile.BackboneKey] = Backbone.Fingerprint.ToString() };
        CheckpointWriter.Save(path, weights, metadata);
        return new ParameterBudget(weights.ElementCount(), Backbone.ParameterCount);
    }

    /// <summary>Disposes the model (not the backbone).</summary>
    public void Dispose() => Model.Dispose();

    private static string ConfigName(PromptMethod method) => method switch
    {
        PromptMethod.VptDeep or PromptMethod.VptShallow => "vpt",
        PromptMethod.Pad or PromptMethod.FixedPatch or PromptMethod.RandomPatch => "pixel",
        _ => PromptMethods.Name(method),
    };

    private static PixelPromptMethod? PixelMethod(PromptMethod method) => method switch
    {
        PromptMethod.Pad => PixelPromptMethod.Padding,
        PromptMethod.FixedPatch => PixelPromptMethod.FixedPatch,
        PromptMethod.RandomPatch => PixelPromptMethod.RandomPatch,
        _ => null,
    };

    private static PromptTask Build(PromptMethod method, PromptTaskConfig config, PromptBackbone backbone, long seed)
    {
        var classes = config.ClassNames.Count;
        Guard.That(config.ImageSize == backbone.ImageSize, nameof(backbone), $"the task works on {config.ImageSize}² images but the backbone ({backbone.Name}) on {backbone.ImageSize}²");
        nn.Module<Tensor, Tensor> model;
        switch (method)
        {
            case PromptMethod.VptDeep or PromptMethod.VptShallow:
                model = new VptClassifier(backbone.RequireVit(method), config.ImageSize, classes, config.Vpt, seed);
                break;
            case PromptMethod.Linear or PromptMethod.Full or PromptMethod.BitFit:
                model = new BackboneClassifier(backbone.RequireVit(method), classes, method, seed);
                break;
            case PromptMethod.Coop:
            {
                var (clip, tokenizer) = backbone.RequireClip(method);
                model = new CoopClassifier(clip, CoopPromptLearner.Create(clip, tokenizer, config.ClassNames, config.Coop, seed));
                break;
            }
            default:
            {
                var (clip, tokenizer) = backbone.RequireClip(method);
                var size = config.PromptSize ?? 1;
                PixelPrompter? prompter = method switch
                {
                    PromptMethod.Pad => new PadPrompter(config.ImageSize, size, seed),
                    PromptMethod.FixedPatch => new FixedPatchPrompter(config.ImageSize, size, seed),
                    PromptMethod.RandomPatch => new RandomPatchPrompter(config.ImageSize, size, new SeededRandom((ulong)seed), seed),
                    _ => null,
                };
                model = new ClipPromptClassifier(clip, tokenizer, config.ClassNames, config.Template ?? new PromptMethodOptions().Template, prompter);
                break;
            }
        }
        return new PromptTask(method, model, config, backbone);
    }

    private void CopyStored(StateDict weights, string path)
    {
        var targets = Model.named_parameters().Where(x => x.parameter.requires_grad).ToDictionary(x => x.name, x => x.parameter, StringComparer.Ordinal);
        var missing = targets.Keys.Where(k => !weights.ContainsKey(k)).ToList();
        var unexpected = weights.Keys.Where(k => !targets.ContainsKey(k)).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
        {
            throw new TesseraFormatException(path, null,
                $"tensors do not match a {PromptMethods.Name(Method)} task (missing: {string.Join(", ", missing.Take(5))}; unexpected: {string.Join(", ", unexpected.Take(5))})");
        }
        using var noGrad = torch.no_grad();
        foreach (var (name, target) in targets)
        {
            var source = weights[name];
            if (!source.shape.SequenceEqual(target.shape))
            {
                throw new TesseraFormatException(path, name, $"shape [{string.Join(", ", source.shape)}] differs from the task's [{string.Join(", ", target.shape)}]");
            }
            target.copy_(source);
        }
    }
}
