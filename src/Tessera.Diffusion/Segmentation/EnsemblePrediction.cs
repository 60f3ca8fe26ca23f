using static TorchSharp.torch;

namespace Tessera.Diffusion.Segmentation;

/// <summary>What an ensemble of pixel classifiers says about P pixels (ddpm-segmentation's <c>predict_labels</c>, with its
/// intermediate values kept).</summary>
/// <param name="Logits">[M, P, K] per member.</param>
/// <param name="EntropyPerModel">[M, P] entropy of each member's softmax.</param>
/// <param name="MeanSeg">[P, K] mean of the members' softmaxes.</param>
/// <param name="FullEntropy">[P] entropy of <paramref name="MeanSeg"/>.</param>
/// <param name="Js">[P] Jensen–Shannon disagreement: full entropy − mean member entropy.</param>
/// <param name="ArgmaxPerModel">int64 [M, P] each member's label.</param>
/// <param name="Labels">int64 [P] majority vote (ties go to the smallest label).</param>
/// <param name="Uncertainty">Mean of the largest ⌊P/10⌋ JS values (at least one), the image's uncertainty score.</param>
public sealed record EnsemblePrediction(Tensor Logits, Tensor EntropyPerModel, Tensor MeanSeg, Tensor FullEntropy, Tensor Js,
    Tensor ArgmaxPerModel, Tensor Labels, double Uncertainty) : IDisposable
{
    /// <inheritdoc />
    public void Dispose()
    {
        Logits.Dispose();
        EntropyPerModel.Dispose();
        MeanSeg.Dispose();
        FullEntropy.Dispose();
        Js.Dispose();
        ArgmaxPerModel.Dispose();
        Labels.Dispose();
    }
}
