using Tessera.Core.Errors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tessera.Prompting.Pixel;

/// <summary>
/// <c>PadPrompter</c>: a learned frame of width p. <c>pad_up</c>/<c>pad_down</c> <c>[1, 3, p, S]</c> span the full
/// width; <c>pad_left</c>/<c>pad_right</c> <c>[1, 3, S − 2p, p]</c> cover the middle rows; the centre is zero.
/// </summary>
/// <remarks>Reference: hjbahng/visual_prompting <c>models/prompters.py</c> (<c>PadPrompter</c>). Needs S &gt; 2p.</remarks>
public sealed class PadPrompter : PixelPrompter
{
    private readonly Parameter pad_up;
    private readonly Parameter pad_down;
    private readonly Parameter pad_left;
    private readonly Parameter pad_right;

    /// <summary>Creates the prompter with <c>N(0, 1)</c> parameters drawn from <paramref name="seed"/>.</summary>
    /// <param name="imageSize">Image side S.</param>
    /// <param name="padSize">Frame width p (S &gt; 2p).</param>
    /// <param name="seed">Seed of the initialisation.</param>
    /// <exception cref="TesseraArgumentException">The sizes are not positive or S ≤ 2p.</exception>
    public PadPrompter(int imageSize, int padSize, long seed = 0) : base(nameof(PadPrompter), imageSize, padSize)
    {
        Guard.That(imageSize > 2 * padSize, nameof(padSize), $"twice the pad size must be smaller than the image size {imageSize} (got {padSize})");
        using var generator = new Generator((ulong)seed);
        pad_up = Randn(generator, 1, 3, padSize, imageSize);
        pad_down = Randn(generator, 1, 3, padSize, imageSize);
        pad_left = Randn(generator, 1, 3, imageSize - (2 * padSize), padSize);
        pad_right = Randn(generator, 1, 3, imageSize - (2 * padSize), padSize);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override PixelPromptMethod Method => PixelPromptMethod.Padding;

    /// <inheritdoc />
    public override Tensor BuildPrompt()
    {
        using var scope = torch.NewDisposeScope();
        var inner = ImageSize - (2 * PromptSize);
        var centre = torch.zeros([1, 3, inner, inner], pad_up.dtype, pad_up.device);
        var middle = torch.cat([pad_left, centre, pad_right], 3);
        return torch.cat([pad_up, middle, pad_down], 2).MoveToOuterDisposeScope();
    }
}
