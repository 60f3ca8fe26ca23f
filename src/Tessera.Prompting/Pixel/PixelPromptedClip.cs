using Tessera.Core.Errors;
using Tessera.Nn.Models.Clip;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Prompting.Pixel;

/// <summary>
/// A frozen CLIP used input-only behind a pixel prompter, scoring images against fixed class text features:
/// <c>logits = exp(logit_scale) · normalize(encode_image(prompter(x))) · normalize(text)ᵀ</c>
/// (hjbahng/visual_prompting <c>main_clip.py</c>). Only the prompter's parameters receive gradients.
/// </summary>
/// <remarks>The CLIP model is borrowed (the caller disposes it); its parameters are switched to
/// <c>requires_grad = false</c> and the model to eval mode. The text features are the caller's and are not modified.</remarks>
public sealed class PixelPromptedClip
{
    private readonly ClipModel _clip;
    private readonly Tensor _textFeatures;

    /// <summary>Wraps a frozen CLIP and a prompter.</summary>
    /// <param name="clip">The model (frozen here).</param>
    /// <param name="prompter">The learned prompt.</param>
    /// <param name="textFeatures">Class text features <c>[C, embed_dim]</c> (un-normalised <c>encode_text</c> output).</param>
    /// <exception cref="TesseraArgumentException">The text features do not match the model's embedding width, or the
    /// prompter's image size is not a multiple of the model's patch size.</exception>
    public PixelPromptedClip(ClipModel clip, PixelPrompter prompter, Tensor textFeatures)
    {
        ArgumentNullException.ThrowIfNull(clip);
        ArgumentNullException.ThrowIfNull(prompter);
        ArgumentNullException.ThrowIfNull(textFeatures);
        Guard.That(textFeatures.dim() == 2 && textFeatures.shape[1] == clip.Config.EmbedDim, nameof(textFeatures),
            $"must be [classes, {clip.Config.EmbedDim}], got [{string.Join(", ", textFeatures.shape)}]");
        Guard.That(prompter.ImageSize % clip.Config.VisionPatchSize == 0, nameof(prompter),
            $"image size {prompter.ImageSize} must be a multiple of the model's patch size {clip.Config.VisionPatchSize}");
        _clip = clip;
        Prompter = prompter;
        _textFeatures = textFeatures;
        Freeze.All(clip);
    }

    /// <summary>The prompter (the only trainable part).</summary>
    public PixelPrompter Prompter { get; }

    /// <summary>Logits of prompted images <c>[B, C]</c>.</summary>
    /// <param name="images">Normalised images <c>[B, 3, S, S]</c>.</param>
    /// <returns>Scaled cosine similarities.</returns>
    public Tensor Logits(Tensor images)
    {
        using var scope = torch.NewDisposeScope();
        var prompted = Prompter.forward(images);
        return LogitsOfPrompted(prompted).MoveToOuterDisposeScope();
    }

    /// <summary>Logits of images that already carry their prompt (or of plain images, for the un-prompted baseline).</summary>
    /// <param name="images">Images <c>[B, 3, S, S]</c>.</param>
    /// <returns>Scaled cosine similarities <c>[B, C]</c>.</returns>
    public Tensor LogitsOfPrompted(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var scope = torch.NewDisposeScope();
        var features = _clip.EncodeImage(images);
        return _clip.Logits(features, _textFeatures).MoveToOuterDisposeScope();
    }
}
