using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tessera.Prompting.Pixel;

/// <summary><c>FixedPatchPrompter</c>: a learned <c>patch</c> <c>[1, 3, p, p]</c> added to the top-left corner.</summary>
/// <remarks>Reference: hjbahng/visual_prompting <c>models/prompters.py</c> (<c>FixedPatchPrompter</c>).</remarks>
public sealed class FixedPatchPrompter : PixelPrompter
{
    private readonly Parameter patch;

    /// <summary>Creates the prompter with an <c>N(0, 1)</c> patch drawn from <paramref name="seed"/>.</summary>
    /// <param name="imageSize">Image side S.</param>
    /// <param name="patchSize">Patch side p (&lt; S).</param>
    /// <param name="seed">Seed of the initialisation.</param>
    /// <exception cref="Tessera.Core.Errors.TesseraArgumentException">The sizes are not positive or p ≥ S.</exception>
    public FixedPatchPrompter(int imageSize, int patchSize, long seed = 0) : base(nameof(FixedPatchPrompter), imageSize, patchSize)
    {
        using var generator = new Generator((ulong)seed);
        patch = Randn(generator, 1, 3, patchSize, patchSize);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override PixelPromptMethod Method => PixelPromptMethod.FixedPatch;

    /// <inheritdoc />
    public override Tensor BuildPrompt() => PatchPlacement.Place(patch, ImageSize, new PatchLocation(0, 0));
}
