using Tessera.Core.Errors;
using static TorchSharp.torch;

namespace Tessera.Diffusion.Evaluation;

/// <summary>
/// The Fréchet distance between two Gaussians fitted to feature sets (the distance behind FID):
/// ‖μ₁ − μ₂‖² + tr Σ₁ + tr Σ₂ − 2 tr (Σ₁^½ Σ₂ Σ₁^½)^½. Everything runs in float64. The trace term uses the symmetric
/// form (Σ₁^½ Σ₂ Σ₁^½ is similar to Σ₁Σ₂, so it has the same eigenvalues) and symmetric eigendecompositions, which
/// stays real and stable for rank-deficient covariances (fewer samples than feature dimensions).
/// </summary>
public static class FrechetDistance
{
    /// <summary>Mean [D] and unbiased covariance [D, D] (divided by N − 1) of features [N, D], in float64.</summary>
    /// <param name="features">[N, D] with N ≥ 2.</param>
    /// <returns>New tensors.</returns>
    /// <exception cref="TesseraArgumentException">Not 2-D or fewer than two rows.</exception>
    public static (Tensor Mean, Tensor Covariance) Statistics(Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        Guard.That(features.dim() == 2 && features.shape[0] >= 2, nameof(features), $"must be [N, D] with N ≥ 2 (got [{string.Join(", ", features.shape)}])");
        using var scope = NewDisposeScope();
        var x = features.to_type(ScalarType.Float64);
        var mean = x.mean([0]);
        var centred = x - mean;
        var cov = centred.t().matmul(centred) / (x.shape[0] - 1);
        return (mean.MoveToOuterDisposeScope(), cov.MoveToOuterDisposeScope());
    }

    /// <summary>The distance between two Gaussians.</summary>
    /// <param name="mean1">μ₁ [D].</param>
    /// <param name="covariance1">Σ₁ [D, D], symmetric positive semi-definite.</param>
    /// <param name="mean2">μ₂ [D].</param>
    /// <param name="covariance2">Σ₂ [D, D], symmetric positive semi-definite.</param>
    /// <returns>The distance (≥ 0 up to rounding).</returns>
    /// <exception cref="TesseraArgumentException">Shapes do not agree.</exception>
    public static double Compute(Tensor mean1, Tensor covariance1, Tensor mean2, Tensor covariance2)
    {
        ArgumentNullException.ThrowIfNull(mean1);
        ArgumentNullException.ThrowIfNull(covariance1);
        ArgumentNullException.ThrowIfNull(mean2);
        ArgumentNullException.ThrowIfNull(covariance2);
        var d = mean1.shape.Length == 1 ? mean1.shape[0] : -1;
        Guard.That(d > 0 && mean2.shape.SequenceEqual(mean1.shape) && covariance1.shape.SequenceEqual(new[] { d, d })
            && covariance2.shape.SequenceEqual(new[] { d, d }), nameof(covariance1), "means must be [D] and covariances [D, D] of the same D");
        using var scope = NewDisposeScope();
        var m1 = mean1.to_type(ScalarType.Float64);
        var m2 = mean2.to_type(ScalarType.Float64);
        var s1 = covariance1.to_type(ScalarType.Float64);
        var s2 = covariance2.to_type(ScalarType.Float64);
        var root1 = SqrtPsd(s1);
        var inner = root1.matmul(s2).matmul(root1);
        var traceSqrt = linalg.eigvalsh((inner + inner.t()) / 2).clamp_min(0).sqrt().sum().item<double>();
        var diff = m1 - m2;
        return diff.dot(diff).item<double>() + s1.trace().item<double>() + s2.trace().item<double>() - (2 * traceSqrt);
    }

    /// <summary>The distance between the Gaussians fitted to two feature sets [N₁, D] and [N₂, D].</summary>
    /// <param name="features1">First set.</param>
    /// <param name="features2">Second set.</param>
    /// <returns>The distance.</returns>
    public static double FromFeatures(Tensor features1, Tensor features2)
    {
        var (m1, s1) = Statistics(features1);
        var (m2, s2) = Statistics(features2);
        using (m1)
        using (s1)
        using (m2)
        using (s2)
        {
            return Compute(m1, s1, m2, s2);
        }
    }

    /// <summary>The symmetric square root of a symmetric positive semi-definite matrix (negative rounding-noise
    /// eigenvalues are clamped to 0): V diag(√λ) Vᵀ.</summary>
    /// <param name="matrix">[D, D] symmetric.</param>
    /// <returns>A new float64 [D, D] tensor R with R R = <paramref name="matrix"/>.</returns>
    public static Tensor SqrtPsd(Tensor matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        using var scope = NewDisposeScope();
        var m = matrix.to_type(ScalarType.Float64);
        var (values, vectors) = linalg.eigh((m + m.t()) / 2);
        var root = (vectors * values.clamp_min(0).sqrt().unsqueeze(0)).matmul(vectors.t());
        return root.MoveToOuterDisposeScope();
    }
}
