using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Nn.Models.Clip.Tokenizer;
using Tessera.Nn.Tensors;
using TorchSharp;

namespace Tessera.Nn.Models.Clip;

/// <summary>
/// Zero-shot classification with CLIP, as in openai/CLIP's README: preprocess the image, tokenize one prompt per
/// label, <c>logits_per_image.softmax(-1)</c>.
/// </summary>
/// <remarks>The classifier borrows the model and tokenizer (it does not dispose them). Each call runs in its own
/// dispose scope with gradients off.</remarks>
public sealed class ClipZeroShotClassifier
{
    private readonly ClipModel _model;
    private readonly ClipTokenizer _tokenizer;

    /// <summary>Creates the classifier.</summary>
    /// <param name="model">A CLIP model (put in eval mode by the caller or <see cref="ClipModel.FromWeights(Weights.StateDict, ClipConfig?)"/>).</param>
    /// <param name="tokenizer">CLIP's tokenizer.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public ClipZeroShotClassifier(ClipModel model, ClipTokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokenizer);
        _model = model;
        _tokenizer = tokenizer;
    }

    /// <summary>Scores an image against labels.</summary>
    /// <param name="image">uint8 image (gray, RGB or RGBA), any size.</param>
    /// <param name="labels">At least one label.</param>
    /// <param name="template">Prompt template with <c>{}</c> where the label goes (default: the label itself).</param>
    /// <returns>One score per label, in the given order.</returns>
    /// <exception cref="TesseraArgumentException">No labels, an empty label, a template without <c>{}</c>, or a prompt longer than the context.</exception>
    public IReadOnlyList<ClipLabelScore> Classify(Image image, IReadOnlyList<string> labels, string template = "{}")
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(template);
        Guard.That(labels.Count > 0, nameof(labels), "give at least one label");
        Guard.That(labels.All(l => !string.IsNullOrWhiteSpace(l)), nameof(labels), "labels must not be empty");
        Guard.That(template.Contains("{}", StringComparison.Ordinal), nameof(template), "must contain {} where the label goes");
        var prompts = labels.Select(l => template.Replace("{}", l.Trim(), StringComparison.Ordinal)).ToList();
        var pixels = ClipPreprocess.Apply(image, _model.Config);
        var ids = _tokenizer.Tokenize(prompts, _model.Config.ContextLength);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var images = ImageTensors.ToTensor(pixels).unsqueeze(0);
        var tokens = ImageTensors.ToTensor(ids);
        var logits = _model.forward(images, tokens)[0];
        var probs = logits.softmax(-1);
        var l = logits.to(torch.float64).data<double>().ToArray();
        var p = probs.to(torch.float64).data<double>().ToArray();
        return labels.Select((label, i) => new ClipLabelScore(label, prompts[i], l[i], p[i])).ToList();
    }
}
