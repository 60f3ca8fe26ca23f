using Tessera.Core.Errors;
using Tessera.Nn.Models.Clip;
using Tessera.Nn.Models.Clip.Tokenizer;
using Tessera.Nn.Tensors;
using Tessera.Prompting.Coop;
using Tessera.Prompting.Pixel;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Prompting.Methods;

/// <summary>
/// A frozen CLIP used input-only against text-template class features, optionally behind a learned pixel prompt
/// (hjbahng/visual_prompting's protocol): <c>logits = exp(logit_scale) · normalize(encode_image(prompter(x))) ·
/// normalize(encode_text(template(class)))ᵀ</c>. Without a prompter it is zero-shot CLIP. The prompter (submodule
/// <c>prompter</c>) is the only parameter.
/// </summary>
public sealed class ClipPromptClassifier : nn.Module<Tensor, Tensor>
{
    private readonly PixelPrompter? prompter;
    private readonly ClipReference _clip;
    private readonly Tensor _text;

    /// <summary>Encodes the class texts once and freezes the CLIP.</summary>
    /// <param name="clip">The model (borrowed; frozen here).</param>
    /// <param name="tokenizer">Its tokenizer.</param>
    /// <param name="classNames">Class names in label order.</param>
    /// <param name="template">Text template with <c>{}</c> for the (refined) class name.</param>
    /// <param name="prompter">The pixel prompt (owned), or null for zero-shot.</param>
    /// <exception cref="TesseraArgumentException">No class, or a template without <c>{}</c>.</exception>
    public ClipPromptClassifier(ClipModel clip, ClipTokenizer tokenizer, IReadOnlyList<string> classNames, string template, PixelPrompter? prompter)
        : base(PromptingRuntime.Name(nameof(ClipPromptClassifier)))
    {
        ArgumentNullException.ThrowIfNull(clip);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentNullException.ThrowIfNull(template);
        Guard.That(classNames.Count > 0, nameof(classNames), "must hold at least one class");
        Guard.That(template.Contains("{}", StringComparison.Ordinal), nameof(template), "must contain {} where the class name goes");
        Freeze.All(clip);
        _clip = new ClipReference(clip);
        Texts = [.. classNames.Select(n => template.Replace("{}", ClassNames.Refine(n), StringComparison.Ordinal))];
        using (torch.no_grad())
        {
            using var ids = ImageTensors.ToTensor(tokenizer.Tokenize(Texts, clip.Config.ContextLength, truncate: true)).to(ScalarType.Int64);
            _text = clip.EncodeText(ids).detach();
        }
        this.prompter = prompter;
        RegisterComponents();
    }

    /// <summary>The class texts, in label order.</summary>
    public IReadOnlyList<string> Texts { get; }

    /// <summary>The pixel prompt, or null (zero-shot).</summary>
    public PixelPrompter? Prompter => prompter;

    /// <summary>Logits <c>[B, classes]</c>.</summary>
    /// <param name="input">Images <c>[B, 3, S, S]</c> normalised with the CLIP mean/std.</param>
    /// <returns>Scaled cosine similarities.</returns>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = torch.NewDisposeScope();
        var images = prompter is null ? input : prompter.forward(input);
        return _clip.Model.Logits(_clip.Model.EncodeImage(images), _text).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) { _text.Dispose(); }
        base.Dispose(disposing);
    }
}
