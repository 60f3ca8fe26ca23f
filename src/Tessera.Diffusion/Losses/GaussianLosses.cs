using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Diffusion.Losses;

/// <summary>
/// The likelihood helpers of improved-diffusion's <c>losses.py</c> and <c>nn.mean_flat</c>, written with the same
/// operations in the same order so float32 results agree with the reference to rounding.
/// </summary>
public static class GaussianLosses
{
    /// <summary>KL(N(mean1, e^logvar1) ‖ N(mean2, e^logvar2)) element-wise, in nats (shapes broadcast).</summary>
    /// <param name="mean1">Mean of the first Gaussian.</param>
    /// <param name="logvar1">Log-variance of the first.</param>
    /// <param name="mean2">Mean of the second.</param>
    /// <param name="logvar2">Log-variance of the second.</param>
    /// <returns>A new tensor: ½(−1 + logvar2 − logvar1 + e^(logvar1−logvar2) + (mean1−mean2)² e^(−logvar2)).</returns>
    public static Tensor NormalKl(Tensor mean1, Tensor logvar1, Tensor mean2, Tensor logvar2)
    {
        ArgumentNullException.ThrowIfNull(mean1);
        ArgumentNullException.ThrowIfNull(logvar1);
        ArgumentNullException.ThrowIfNull(mean2);
        ArgumentNullException.ThrowIfNull(logvar2);
        using var scope = NewDisposeScope();
        var diff = mean1 - mean2;
        var sum = ((logvar2 - 1.0) - logvar1) + exp(logvar1 - logvar2) + (diff.pow(2) * exp(-logvar2));
        return (sum * 0.5).MoveToOuterDisposeScope();
    }

    /// <summary>KL(N(mean1, e^logvar1) ‖ N(0, 1)), the prior term (<c>normal_kl(mean1, logvar1, 0.0, 0.0)</c>).</summary>
    /// <param name="mean1">Mean.</param>
    /// <param name="logvar1">Log-variance.</param>
    /// <returns>A new tensor, in nats.</returns>
    public static Tensor NormalKlToStandard(Tensor mean1, Tensor logvar1)
    {
        ArgumentNullException.ThrowIfNull(mean1);
        ArgumentNullException.ThrowIfNull(logvar1);
        using var scope = NewDisposeScope();
        var zero = zeros([], mean1.dtype, mean1.device);
        return NormalKl(mean1, logvar1, zero, zero).MoveToOuterDisposeScope();
    }

    /// <summary>The tanh approximation of the standard normal CDF: ½(1 + tanh(√(2/π)(x + 0.044715x³))).</summary>
    /// <param name="x">Input.</param>
    /// <returns>A new tensor.</returns>
    public static Tensor ApproxStandardNormalCdf(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        using var scope = NewDisposeScope();
        var inner = (x + (x.pow(3) * 0.044715)) * Math.Sqrt(2.0 / Math.PI);
        return ((tanh(inner) + 1.0) * 0.5).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Log-likelihood (nats) of images on the uint8 grid rescaled to [−1, 1] under a Gaussian discretised to bins of
    /// width 2/255; the outermost bins extend to ±∞ (x &lt; −0.999 and x &gt; 0.999).
    /// </summary>
    /// <param name="x">Targets.</param>
    /// <param name="means">Gaussian means (x's shape).</param>
    /// <param name="logScales">Log standard deviations (x's shape).</param>
    /// <returns>A new tensor of x's shape.</returns>
    /// <exception cref="Core.Errors.TesseraArgumentException">The shapes differ.</exception>
    public static Tensor DiscretizedGaussianLogLikelihood(Tensor x, Tensor means, Tensor logScales)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(logScales);
        Core.Errors.Guard.That(x.shape.SequenceEqual(means.shape) && x.shape.SequenceEqual(logScales.shape), nameof(means),
            "x, means and log_scales must have the same shape");
        using var scope = NewDisposeScope();
        var centered = x - means;
        var invStdv = exp(-logScales);
        var plusIn = invStdv * (centered + (1.0 / 255.0));
        var cdfPlus = ApproxStandardNormalCdf(plusIn);
        var minIn = invStdv * (centered - (1.0 / 255.0));
        var cdfMin = ApproxStandardNormalCdf(minIn);
        var logCdfPlus = log(cdfPlus.clamp(min: 1e-12));
        var logOneMinusCdfMin = log((1.0 - cdfMin).clamp(min: 1e-12));
        var cdfDelta = cdfPlus - cdfMin;
        var inner = where(x.gt(0.999), logOneMinusCdfMin, log(cdfDelta.clamp(min: 1e-12)));
        return where(x.lt(-0.999), logCdfPlus, inner).MoveToOuterDisposeScope();
    }

    /// <summary>The mean over every dimension but the first (<c>mean_flat</c>).</summary>
    /// <param name="tensor">[N, …].</param>
    /// <returns>A new [N] tensor.</returns>
    public static Tensor MeanFlat(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var dims = Enumerable.Range(1, (int)tensor.dim() - 1).Select(d => (long)d).ToArray();
        return dims.Length == 0 ? tensor.clone() : tensor.mean(dims);
    }
}
