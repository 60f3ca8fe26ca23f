using Tessera.Nn.Models.Clip;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Prompting.Coop;

/// <summary>
/// CoOp's <c>CustomCLIP</c>: a frozen CLIP whose class text features come from a <see cref="CoopPromptLearner"/>
/// (<c>prompt_learner.*</c>, the only parameters of this module):
/// <c>logits = exp(logit_scale) · normalize(image) · normalize(text(prompts))ᵀ</c>.
/// </summary>
/// <remarks>Reference: KaiyangZhou/CoOp <c>trainers/coop.py</c> (<c>TextEncoder</c>, <c>CustomCLIP</c>). The CLIP model
/// is borrowed (the caller disposes it) and frozen here; the learner is owned.</remarks>
public sealed class CoopClassifier : nn.Module<Tensor, Tensor>
{
    private readonly CoopPromptLearner prompt_learner;
    private readonly ClipReference _clip;

    /// <summary>Wraps a frozen CLIP and a learner.</summary>
    /// <param name="clip">The model (frozen here).</param>
    /// <param name="promptLearner">The learner (owned from now on).</param>
    public CoopClassifier(ClipModel clip, CoopPromptLearner promptLearner) : base(PromptingRuntime.Name(nameof(CoopClassifier)))
    {
        ArgumentNullException.ThrowIfNull(clip);
        ArgumentNullException.ThrowIfNull(promptLearner);
        Freeze.All(clip);
        _clip = new ClipReference(clip);
        prompt_learner = promptLearner;
        RegisterComponents();
    }

    /// <summary>The learner.</summary>
    public CoopPromptLearner PromptLearner => prompt_learner;

    /// <summary>The borrowed CLIP.</summary>
    public ClipModel Clip => _clip.Model;

    /// <summary>Class text features <c>[C, embed_dim]</c> (not normalised).</summary>
    /// <returns>Features, differentiable in the context.</returns>
    public Tensor TextFeatures()
    {
        using var scope = torch.NewDisposeScope();
        var prompts = prompt_learner.BuildPrompts();
        return Clip.EncodeTextEmbeddings(prompts, prompt_learner.EndOfTextIndex).MoveToOuterDisposeScope();
    }

    /// <summary>Logits from already encoded image features.</summary>
    /// <param name="imageFeatures">Image features <c>[B, embed_dim]</c>.</param>
    /// <returns>Logits <c>[B, C]</c>.</returns>
    public Tensor LogitsFromImageFeatures(Tensor imageFeatures)
    {
        ArgumentNullException.ThrowIfNull(imageFeatures);
        using var scope = torch.NewDisposeScope();
        return Clip.Logits(imageFeatures, TextFeatures()).MoveToOuterDisposeScope();
    }

    /// <summary>Logits of images.</summary>
    /// <param name="input">Normalised images <c>[B, 3, R, R]</c>.</param>
    /// <returns>Logits <c>[B, C]</c>.</returns>
    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var features = Clip.EncodeImage(input);
        return LogitsFromImageFeatures(features).MoveToOuterDisposeScope();
    }
}
