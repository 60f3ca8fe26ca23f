using Tessera.Core.Errors;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Diffusion.Models.UNet;

/// <summary>Sinusoidal timestep embeddings (improved-diffusion's <c>nn.timestep_embedding</c>).</summary>
public static class TimestepEmbedding
{
    /// <summary>Embeds timesteps as [cos(t·f₀), …, cos(t·f_{h−1}), sin(t·f₀), …] with f_i = exp(−ln(maxPeriod)·i/h), h = dim/2
    /// (a zero column is appended when dim is odd).</summary>
    /// <param name="timesteps">[N] (fractional values allowed).</param>
    /// <param name="dim">Embedding width.</param>
    /// <param name="maxPeriod">Controls the lowest frequency.</param>
    /// <returns>A new float32 [N, dim] tensor.</returns>
    /// <exception cref="TesseraArgumentException"><paramref name="dim"/> is not positive.</exception>
    public static Tensor Embed(Tensor timesteps, int dim, double maxPeriod = 10000)
    {
        ArgumentNullException.ThrowIfNull(timesteps);
        Guard.Positive(dim);
        using var scope = NewDisposeScope();
        var half = dim / 2;
        var freqs = exp(arange(0, half, ScalarType.Float32, timesteps.device) * -Math.Log(maxPeriod) / half);
        var args = timesteps.to_type(ScalarType.Float32).unsqueeze(1) * freqs.unsqueeze(0);
        var embedding = cat([cos(args), sin(args)], -1);
        if (dim % 2 == 1)
        {
            embedding = cat([embedding, zeros_like(embedding[.., ..1])], -1);
        }
        return embedding.MoveToOuterDisposeScope();
    }
}
