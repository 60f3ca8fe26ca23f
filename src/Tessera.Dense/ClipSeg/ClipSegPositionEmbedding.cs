using Tessera.Nn.Layers;
using static TorchSharp.torch;

namespace Tessera.Dense.ClipSeg;

/// <summary>CLIPSeg's <c>rescaled_pos_emb</c>: how the CLIP image tower's positional embedding is adapted to another
/// input size (e.g. 352 × 352 for a ViT-B/16 trained at 224).</summary>
public static class ClipSegPositionEmbedding
{
    /// <summary>Row 0 (class token) is kept; the grid rows are laid out as a <c>[1, width, rows, cols]</c> image
    /// (row-major), resized bicubically (PyTorch cubic convolution, A = −0.75, <c>align_corners=False</c>, no
    /// antialias) and flattened back.</summary>
    /// <param name="embedding">Positional embedding <c>[1 + rows·cols, width]</c>.</param>
    /// <param name="from">Its grid.</param>
    /// <param name="to">Target grid.</param>
    /// <returns>A new <c>[1 + to.Rows·to.Cols, width]</c> tensor.</returns>
    public static Tensor Rescale(Tensor embedding, (int Rows, int Cols) from, (int Rows, int Cols) to)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        return PositionEmbedding.Resample(embedding, from, to, prefixTokens: 1, antialias: false);
    }
}
