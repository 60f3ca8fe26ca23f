using static TorchSharp.torch;

namespace Tessera.Diffusion.Process;

/// <summary>The model's p(x_{t−1} | x_t) and its prediction of x₀ (<c>p_mean_variance</c>'s dict).</summary>
/// <param name="Mean">Mean of x_{t−1}.</param>
/// <param name="Variance">Variance.</param>
/// <param name="LogVariance">Log-variance.</param>
/// <param name="PredXStart">Predicted x₀ (clipped to [−1, 1] when asked).</param>
public sealed record ReverseStep(Tensor Mean, Tensor Variance, Tensor LogVariance, Tensor PredXStart);
