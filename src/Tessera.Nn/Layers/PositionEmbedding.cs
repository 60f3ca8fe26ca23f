using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Nn.Layers;

/// <summary>Resampling of learned 2-D position embeddings to another patch grid.</summary>
public static class PositionEmbedding
{
    /// <summary>
    /// Bicubically resamples the grid part of a position embedding <c>[prefix + oldH·oldW, C]</c> (leading
    /// <paramref name="prefixTokens"/> rows, e.g. the class token, are kept as they are) to <c>newH × newW</c>.
    /// </summary>
    /// <param name="embedding">Embedding rows (2-D, or 3-D with a leading 1 as in timm).</param>
    /// <param name="oldGrid">Grid of the embedding (rows, columns).</param>
    /// <param name="newGrid">Target grid.</param>
    /// <param name="prefixTokens">Rows not on the grid.</param>
    /// <param name="antialias">Antialias when shrinking (timm's <c>resample_abs_pos_embed</c> default: true).</param>
    /// <returns>A new tensor with the same rank as the input.</returns>
    /// <remarks>Like timm's <c>resample_abs_pos_embed</c>: <c>F.interpolate(mode='bicubic', align_corners=False)</c>
    /// on the embedding laid out as a <c>[1, C, oldH, oldW]</c> image.</remarks>
    public static Tensor Resample(Tensor embedding, (int Rows, int Cols) oldGrid, (int Rows, int Cols) newGrid, int prefixTokens = 1, bool antialias = true)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        using var scope = torch.NewDisposeScope();
        var rank3 = embedding.dim() == 3;
        var rows = rank3 ? embedding[0] : embedding;
        var c = rows.shape[1];
        var prefix = rows.narrow(0, 0, prefixTokens);
        var grid = rows.narrow(0, prefixTokens, rows.shape[0] - prefixTokens)
            .reshape(1, oldGrid.Rows, oldGrid.Cols, c).permute(0, 3, 1, 2);
        var resized = nn.functional.interpolate(grid, [newGrid.Rows, newGrid.Cols], mode: InterpolationMode.Bicubic,
            align_corners: false, antialias: antialias);
        var back = resized.permute(0, 2, 3, 1).reshape(newGrid.Rows * newGrid.Cols, c);
        var result = torch.cat([prefix, back], 0);
        if (rank3) { result = result.unsqueeze(0); }
        return result.MoveToOuterDisposeScope();
    }
}
