using Tessera.Core.Errors;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Prompting.Pixel;

/// <summary>
/// A learned pixel-space prompt for square images of side <see cref="ImageSize"/>: <c>output = images + prompt</c>,
/// the prompt <c>[1, 3, S, S]</c> broadcast over the batch, no clamping (hjbahng/visual_prompting <c>models/prompters.py</c>).
/// The frozen model behind it is used input-only: the prompter never sees its weights.
/// </summary>
/// <remarks>Parameters are initialised <c>N(0, 1)</c> like the reference's <c>torch.randn</c>, from an explicit seed.</remarks>
public abstract class PixelPrompter : nn.Module<Tensor, Tensor>
{
    /// <summary>Validates the sizes and names the module.</summary>
    /// <param name="name">Module name.</param>
    /// <param name="imageSize">Image side S.</param>
    /// <param name="promptSize">Prompt size p (pad width or patch side).</param>
    /// <exception cref="TesseraArgumentException">A size is not positive or p does not fit in S.</exception>
    private protected PixelPrompter(string name, int imageSize, int promptSize) : base(PromptingRuntime.Name(name))
    {
        Guard.Positive(imageSize);
        Guard.Positive(promptSize);
        Guard.That(promptSize < imageSize, nameof(promptSize), $"must be smaller than the image size {imageSize} (got {promptSize})");
        ImageSize = imageSize;
        PromptSize = promptSize;
    }

    /// <summary>Image side S the prompt is built for.</summary>
    public int ImageSize { get; }

    /// <summary>Prompt size p: the pad width or the patch side.</summary>
    public int PromptSize { get; }

    /// <summary>The method's name in the reference (<c>padding</c>, <c>fixed_patch</c>, <c>random_patch</c>).</summary>
    public abstract PixelPromptMethod Method { get; }

    /// <summary>Number of learned values.</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());

    /// <summary>Adds the prompt to a batch: <c>images + prompt</c>.</summary>
    /// <param name="input">Normalised images <c>[B, 3, S, S]</c> (not modified).</param>
    /// <returns>Prompted images, a new tensor.</returns>
    /// <exception cref="TesseraArgumentException">The images are not <c>[B, 3, S, S]</c>.</exception>
    public override Tensor forward(Tensor input)
    {
        CheckImages(input);
        using var scope = torch.NewDisposeScope();
        var prompt = BuildPrompt();
        return (input + prompt).MoveToOuterDisposeScope();
    }

    /// <summary>The prompt <c>[1, 3, S, S]</c> (zeros outside the learned region); differentiable in the parameters.</summary>
    /// <returns>A new tensor.</returns>
    public abstract Tensor BuildPrompt();

    /// <summary>Throws unless <paramref name="images"/> is <c>[B, 3, S, S]</c>.</summary>
    /// <param name="images">Images.</param>
    /// <exception cref="TesseraArgumentException">The shape is wrong.</exception>
    private protected void CheckImages(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        Guard.That(images.dim() == 4 && images.shape[1] == 3 && images.shape[2] == ImageSize && images.shape[3] == ImageSize, nameof(images),
            $"must be [B, 3, {ImageSize}, {ImageSize}], got [{string.Join(", ", images.shape)}]");
    }

    /// <summary>A standard-normal parameter of the given shape from <paramref name="generator"/>.</summary>
    private protected static TorchSharp.Modules.Parameter Randn(Generator generator, params long[] shape) =>
        new(torch.randn(shape, ScalarType.Float32, generator: generator));
}
