using static TorchSharp.torch;

namespace Tessera.Diffusion.Sampling;

/// <summary>
/// Supplies the Gaussian noise a sampler or the bits/dim loop draws, in the order the reference draws it
/// (x_T first, then one draw per step including t = 0). Implementations decide where it comes from: per-sample
/// seeded streams (<see cref="PerSampleNoise"/>) or recorded tensors (<see cref="RecordedNoise"/>).
/// </summary>
public interface ISamplingNoise
{
    /// <summary>Returns the next draw of standard normal noise with the given shape (the caller owns it).</summary>
    /// <param name="shape">[N, C, H, W].</param>
    /// <returns>A new float32 tensor.</returns>
    Tensor Draw(long[] shape);
}
