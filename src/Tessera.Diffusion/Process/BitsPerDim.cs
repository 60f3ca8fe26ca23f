using static TorchSharp.torch;

namespace Tessera.Diffusion.Process;

/// <summary>The full variational bound in bits per dimension and its parts (<c>calc_bpd_loop</c>).</summary>
/// <param name="TotalBpd">[N] sum of every term plus the prior.</param>
/// <param name="PriorBpd">[N] KL(q(x_T|x₀) ‖ N(0, I)).</param>
/// <param name="Vb">[N, T] the term at each timestep, in the reference's loop order: column k is timestep T−1−k.</param>
/// <param name="XStartMse">[N, T] mean squared error of the x₀ prediction (same column order).</param>
/// <param name="Mse">[N, T] mean squared error of the implied ε (same column order).</param>
public sealed record BitsPerDim(Tensor TotalBpd, Tensor PriorBpd, Tensor Vb, Tensor XStartMse, Tensor Mse);
