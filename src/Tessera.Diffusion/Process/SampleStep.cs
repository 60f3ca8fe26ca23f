using static TorchSharp.torch;

namespace Tessera.Diffusion.Process;

/// <summary>One sampling step's result: x_{t−1} and the x₀ prediction it was drawn from.</summary>
/// <param name="Sample">x_{t−1}.</param>
/// <param name="PredXStart">Predicted x₀.</param>
public sealed record SampleStep(Tensor Sample, Tensor PredXStart);
