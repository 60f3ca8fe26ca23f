using Tessera.Core.Errors;
using Tessera.Nn.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Prompting.Vpt;

/// <summary>
/// Visual Prompt Tuning on a frozen transformer image tower (a ViT or CLIP's image tower): learned prompts
/// (<c>prompt.*</c>) and a linear head (<c>head.last_layer.*</c>) around a borrowed backbone. Only these are
/// parameters of this module, so its state dict is the task's whole trainable state.
/// </summary>
/// <remarks>
/// Reference: KMnP/vpt at 4410440 (<c>src/models/vit_prompt/vit.py</c>, <c>src/models/vit_models.py</c>,
/// <c>src/models/mlp.py</c>). Token order <c>[prefix, P₁…P_T, patches]</c>; prompts get no position embedding; deep
/// prompts replace the previous block's prompt outputs before blocks 1…depth−1. The constructor freezes a
/// backbone that is a module (<c>requires_grad = false</c>, eval mode); it stays in eval mode when this module trains,
/// as in VPT's <c>PromptedTransformer.train</c>.
/// </remarks>
public sealed class VptClassifier : nn.Module<Tensor, Tensor>
{
    private readonly VptPrompts prompt;
    private readonly VptHead head;
    private readonly BackboneReference _backbone;

    /// <summary>Creates prompts and head for a backbone, initialised by VPT's rules from <paramref name="seed"/>.</summary>
    /// <param name="backbone">The frozen backbone (borrowed; not disposed here).</param>
    /// <param name="imageSize">Input image side (a multiple of the patch size).</param>
    /// <param name="numClasses">Head outputs.</param>
    /// <param name="options">Prompt settings (validated).</param>
    /// <param name="seed">Initialisation seed.</param>
    /// <exception cref="TesseraArgumentException">An option or size is invalid.</exception>
    public VptClassifier(IVisionBackbone backbone, int imageSize, int numClasses, VptOptions? options = null, long seed = 0)
        : base(PromptingRuntime.Name(nameof(VptClassifier)))
    {
        ArgumentNullException.ThrowIfNull(backbone);
        options ??= new VptOptions();
        options.Validate();
        Guard.Positive(numClasses);
        Guard.Positive(imageSize);
        Guard.That(imageSize % backbone.PatchSize == 0, nameof(imageSize), $"must be a multiple of the patch size {backbone.PatchSize} (got {imageSize})");
        _backbone = new BackboneReference(backbone);
        if (backbone is nn.Module module) { Freeze.All(module); }
        Options = options;
        ImageSize = imageSize;
        NumClasses = numClasses;
        using var generator = new Generator((ulong)seed);
        prompt = new VptPrompts(backbone, imageSize, options, generator);
        head = new VptHead(PromptedEncoder.PooledWidth(backbone, options.Pooling), numClasses, generator);
        RegisterComponents();
    }

    /// <summary>The prompt settings.</summary>
    public VptOptions Options { get; }

    /// <summary>Input image side.</summary>
    public int ImageSize { get; }

    /// <summary>Head outputs.</summary>
    public int NumClasses { get; }

    /// <summary>The borrowed backbone.</summary>
    public IVisionBackbone Backbone => _backbone.Backbone;

    /// <summary>The prompts.</summary>
    public VptPrompts Prompts => prompt;

    /// <summary>The head.</summary>
    public VptHead Head => head;

    /// <summary>Trainable values (prompts + head).</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());

    /// <summary>Logits <c>[B, classes]</c>.</summary>
    /// <param name="input">Normalised images <c>[B, 3, S, S]</c>.</param>
    /// <returns>Logits.</returns>
    /// <exception cref="TesseraArgumentException">The images are not <c>[B, 3, S, S]</c>.</exception>
    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        return head.forward(Features(input)).MoveToOuterDisposeScope();
    }

    /// <summary>The head's input <c>[B, F]</c> (pooled as <see cref="VptOptions.Pooling"/> says).</summary>
    /// <param name="images">Normalised images <c>[B, 3, S, S]</c>.</param>
    /// <returns>Features.</returns>
    public Tensor Features(Tensor images)
    {
        using var scope = torch.NewDisposeScope();
        var (_, hidden) = Encode(images);
        return PromptedEncoder.Pool(Backbone, hidden, Options.Pooling, prompt.InsertedTokens).MoveToOuterDisposeScope();
    }

    /// <summary>The prompted sequence entering block 0 and the last block's output (before the final norm).</summary>
    internal (Tensor Embedded, Tensor Hidden) Encode(Tensor images)
    {
        CheckImages(images);
        using var scope = torch.NewDisposeScope();
        var embedded = PromptedEncoder.Incorporate(Backbone, Backbone.Embed(images), Options.Location, prompt.InputTokens(Backbone));
        var hidden = PromptedEncoder.RunBlocks(Backbone, embedded, Options.Location, prompt.TokenCount,
            i => prompt.HasDeepPrompt(i) ? new LayerPrompt(prompt.DeepTokens(i), null) : null);
        return (embedded.MoveToOuterDisposeScope(), hidden.MoveToOuterDisposeScope());
    }

    private void CheckImages(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        Guard.That(images.dim() == 4 && images.shape[1] == 3 && images.shape[2] == ImageSize && images.shape[3] == ImageSize, nameof(images),
            $"must be [B, 3, {ImageSize}, {ImageSize}], got [{string.Join(", ", images.shape)}]");
    }
}
