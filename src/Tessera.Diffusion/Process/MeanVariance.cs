using static TorchSharp.torch;

namespace Tessera.Diffusion.Process;

/// <summary>A Gaussian over a batch: per-element mean, variance and log-variance (each the batch's shape).</summary>
/// <param name="Mean">Mean.</param>
/// <param name="Variance">Variance.</param>
/// <param name="LogVariance">log of the variance (clipped where the reference clips it).</param>
public sealed record MeanVariance(Tensor Mean, Tensor Variance, Tensor LogVariance);
