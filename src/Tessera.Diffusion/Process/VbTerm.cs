using static TorchSharp.torch;

namespace Tessera.Diffusion.Process;

/// <summary>One term of the variational bound in bits per dimension (<c>_vb_terms_bpd</c>).</summary>
/// <param name="Output">[N]: the decoder NLL where t = 0, else KL(q(x_{t−1}|x_t,x₀) ‖ p(x_{t−1}|x_t)).</param>
/// <param name="PredXStart">The model's x₀ prediction.</param>
public sealed record VbTerm(Tensor Output, Tensor PredXStart);
