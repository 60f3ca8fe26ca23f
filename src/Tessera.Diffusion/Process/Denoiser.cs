using static TorchSharp.torch;

namespace Tessera.Diffusion.Process;

/// <summary>
/// The network of a diffusion process: maps a noisy batch x_t [N, C, …] and the timesteps the network sees
/// (already mapped and rescaled by <see cref="GaussianDiffusion.ModelTimesteps"/>) to its prediction
/// [N, C or 2C, …]. Conditioning (class labels) is captured by the delegate. It must not dispose its inputs.
/// </summary>
/// <param name="x">Noisy batch.</param>
/// <param name="modelTimesteps">Float timesteps [N].</param>
/// <returns>A new tensor.</returns>
public delegate Tensor Denoiser(Tensor x, Tensor modelTimesteps);
