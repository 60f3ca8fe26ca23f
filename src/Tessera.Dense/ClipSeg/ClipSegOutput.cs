using static TorchSharp.torch;

namespace Tessera.Dense.ClipSeg;

/// <summary>Caller-owned results of one <see cref="ClipSegModel.Forward"/>.</summary>
/// <param name="Logits">Segmentation logits before the sigmoid <c>[B, 1, H, W]</c> (H, W = the input size).</param>
/// <param name="DecoderTokens">Input of the head <c>[B, D, rows, cols]</c>.</param>
/// <param name="VisualQ">CLIP's projected class token of the query images <c>[B, E]</c>.</param>
/// <param name="Activations">Outputs of the requested CLIP blocks <c>[B, 1 + N, W]</c>, by block index.</param>
public sealed record ClipSegOutput(Tensor Logits, Tensor DecoderTokens, Tensor VisualQ, IReadOnlyDictionary<int, Tensor> Activations) : IDisposable
{
    /// <inheritdoc />
    public void Dispose()
    {
        Logits.Dispose();
        DecoderTokens.Dispose();
        VisualQ.Dispose();
        foreach (var t in Activations.Values) { t.Dispose(); }
    }
}
