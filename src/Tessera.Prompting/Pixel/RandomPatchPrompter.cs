using Tessera.Core.Random;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tessera.Prompting.Pixel;

/// <summary>
/// <c>RandomPatchPrompter</c>: a learned <c>patch</c> <c>[1, 3, p, p]</c> added at a location drawn per call, shared by
/// the whole batch. Rows and columns are drawn uniformly from <c>[0, S − p − 1]</c> (the reference's
/// <c>np.random.choice(S − p)</c>, which never reaches the last row or column), row first, from an explicit
/// <see cref="IRandom"/>; <see cref="Apply"/> replays a recorded location.
/// </summary>
/// <remarks>Reference: hjbahng/visual_prompting <c>models/prompters.py</c> (<c>RandomPatchPrompter</c>). The reference
/// draws from NumPy's global generator; Tessera draws from the generator it is given, so runs are reproducible.</remarks>
public sealed class RandomPatchPrompter : PixelPrompter
{
    private readonly Parameter patch;
    private readonly IRandom _random;

    /// <summary>Creates the prompter with an <c>N(0, 1)</c> patch drawn from <paramref name="seed"/>.</summary>
    /// <param name="imageSize">Image side S.</param>
    /// <param name="patchSize">Patch side p (&lt; S).</param>
    /// <param name="random">Source of the per-call locations.</param>
    /// <param name="seed">Seed of the initialisation.</param>
    /// <exception cref="Tessera.Core.Errors.TesseraArgumentException">The sizes are not positive or p ≥ S.</exception>
    public RandomPatchPrompter(int imageSize, int patchSize, IRandom random, long seed = 0) : base(nameof(RandomPatchPrompter), imageSize, patchSize)
    {
        ArgumentNullException.ThrowIfNull(random);
        _random = random;
        using var generator = new Generator((ulong)seed);
        patch = Randn(generator, 1, 3, patchSize, patchSize);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override PixelPromptMethod Method => PixelPromptMethod.RandomPatch;

    /// <summary>Draws the next location: row, then column, each uniform in <c>[0, S − p)</c>.</summary>
    /// <returns>The location.</returns>
    public PatchLocation DrawLocation()
    {
        var n = ImageSize - PromptSize;
        var row = _random.NextInt(0, n);
        var col = _random.NextInt(0, n);
        return new PatchLocation(row, col);
    }

    /// <summary>Adds the patch at a new location drawn by <see cref="DrawLocation"/>.</summary>
    /// <param name="input">Images <c>[B, 3, S, S]</c>.</param>
    /// <returns>Prompted images.</returns>
    public override Tensor forward(Tensor input) => Apply(input, DrawLocation());

    /// <summary>Adds the patch at a given (e.g. recorded) location.</summary>
    /// <param name="images">Images <c>[B, 3, S, S]</c> (not modified).</param>
    /// <param name="location">Top-left pixel of the patch; the patch must fit inside the image.</param>
    /// <returns>Prompted images, a new tensor.</returns>
    /// <exception cref="Tessera.Core.Errors.TesseraArgumentException">The images have the wrong shape or the patch does not fit.</exception>
    public Tensor Apply(Tensor images, PatchLocation location)
    {
        CheckImages(images);
        using var scope = torch.NewDisposeScope();
        return (images + BuildPrompt(location)).MoveToOuterDisposeScope();
    }

    /// <summary>The prompt at a new drawn location.</summary>
    /// <returns>A <c>[1, 3, S, S]</c> tensor.</returns>
    public override Tensor BuildPrompt() => BuildPrompt(DrawLocation());

    /// <summary>The prompt with the patch at <paramref name="location"/>.</summary>
    /// <param name="location">Top-left pixel of the patch.</param>
    /// <returns>A <c>[1, 3, S, S]</c> tensor.</returns>
    /// <exception cref="Tessera.Core.Errors.TesseraArgumentException">The patch does not fit.</exception>
    public Tensor BuildPrompt(PatchLocation location) => PatchPlacement.Place(patch, ImageSize, location);
}
