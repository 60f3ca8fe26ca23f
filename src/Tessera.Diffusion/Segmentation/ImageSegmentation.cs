using static TorchSharp.torch;

namespace Tessera.Diffusion.Segmentation;

/// <summary>An image's predicted labels and the ensemble's disagreement.</summary>
/// <param name="Labels">int64 [H, W] majority vote.</param>
/// <param name="Disagreement">float32 [H, W] per-pixel Jensen–Shannon disagreement (an uncertainty map).</param>
/// <param name="Uncertainty">Mean of the top 10 % disagreement values (the image's uncertainty score).</param>
public sealed record ImageSegmentation(Tensor Labels, Tensor Disagreement, double Uncertainty) : IDisposable
{
    /// <inheritdoc />
    public void Dispose()
    {
        Labels.Dispose();
        Disagreement.Dispose();
    }
}
