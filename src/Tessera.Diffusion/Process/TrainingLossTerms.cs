using static TorchSharp.torch;

namespace Tessera.Diffusion.Process;

/// <summary>Per-sample training losses (<c>training_losses</c>' dict); each [N].</summary>
/// <param name="Loss">The objective to minimise (mean it over the batch, times importance weights).</param>
/// <param name="Mse">The mean-squared error on the mean target (null for VLB training).</param>
/// <param name="Vb">The VLB term in bits, scaled as the loss type says (null unless the variance is learned with MSE).</param>
public sealed record TrainingLossTerms(Tensor Loss, Tensor? Mse, Tensor? Vb);
