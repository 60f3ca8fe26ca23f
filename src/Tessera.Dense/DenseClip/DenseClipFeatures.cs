using static TorchSharp.torch;

namespace Tessera.Dense.DenseClip;

/// <summary>Caller-owned outputs of a DenseCLIP backbone: four feature maps (strides 4, 8, 16, 32 of the input) and the
/// language-compatible embeddings (the projected global token and the dense map in CLIP's joint space).</summary>
/// <param name="Maps">The four feature maps <c>[B, C_i, H_i, W_i]</c>.</param>
/// <param name="Global">Global embedding <c>[B, E]</c>.</param>
/// <param name="Dense">Dense embeddings <c>[B, E, h, w]</c> (not normalised).</param>
public sealed record DenseClipFeatures(IReadOnlyList<Tensor> Maps, Tensor Global, Tensor Dense) : IDisposable
{
    /// <summary>Moves every tensor to the caller's outer dispose scope.</summary>
    /// <returns>This instance.</returns>
    public DenseClipFeatures MoveToOuterDisposeScope()
    {
        foreach (var m in Maps) { m.MoveToOuterDisposeScope(); }
        Global.MoveToOuterDisposeScope();
        Dense.MoveToOuterDisposeScope();
        return this;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var m in Maps) { m.Dispose(); }
        Global.Dispose();
        Dense.Dispose();
    }
}
