using Tessera.Core.Errors;
using Tessera.Nn.Models.Clip;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Dense.DenseClip;

/// <summary>Language-compatible dense features of a released CLIP ViT image tower (DenseCLIP's ViT path without its own
/// backbone copy): <c>ln_post(tokens) @ proj</c> of every patch token after the last block
/// (<see cref="ClipVisionTransformer.ProjectTokens"/>), laid out on the patch grid.</summary>
public static class ClipDenseEmbeddings
{
    /// <summary>Global <c>[B, E]</c> and dense <c>[B, E, rows, cols]</c> embeddings, plus the patch tokens of the
    /// requested blocks as maps <c>[B, width, rows, cols]</c>.</summary>
    /// <param name="visual">CLIP's image tower.</param>
    /// <param name="images">CLIP-normalised images <c>[B, 3, H, W]</c> (H, W multiples of the patch size).</param>
    /// <param name="mapBlocks">Blocks whose patch tokens to return as maps (e.g. four for <see cref="DenseClipFpnHead"/>).</param>
    /// <returns>The features (caller-owned); <see cref="DenseClipFeatures.Maps"/> in the order of <paramref name="mapBlocks"/>.</returns>
    /// <exception cref="TesseraArgumentException">The images do not fit the tower.</exception>
    public static DenseClipFeatures Compute(ClipVisionTransformer visual, Tensor images, IReadOnlyList<int> mapBlocks)
    {
        ArgumentNullException.ThrowIfNull(visual);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(mapBlocks);
        Guard.That(images.dim() == 4, nameof(images), $"must be [B, 3, H, W], got [{string.Join(", ", images.shape)}]");
        using var scope = torch.NewDisposeScope();
        var last = visual.Depth - 1;
        using var acts = visual.Forward(images, mapBlocks.Append(last).Distinct().ToList());
        var b = images.shape[0];
        var rows = images.shape[2] / visual.PatchSize;
        var cols = images.shape[3] / visual.PatchSize;
        var n = rows * cols;
        var projected = visual.ProjectTokens(acts.Block(last));
        var global = projected.select(1, 0).contiguous();
        var dense = projected.narrow(1, 1, n).reshape(b, rows, cols, -1).permute(0, 3, 1, 2).contiguous();
        var maps = mapBlocks.Select(i => acts.Block(i).narrow(1, 1, n).permute(0, 2, 1).reshape(b, visual.Width, rows, cols).contiguous()).ToList();
        return new DenseClipFeatures(maps, global, dense).MoveToOuterDisposeScope();
    }
}
