using Tessera.Core.Errors;

namespace Tessera.Diffusion.Divergence;

/// <summary>Closed-form KL divergences between Gaussians.</summary>
public static class GaussianKl
{
    /// <summary>KL(N(m₁, s₁²) ‖ N(m₂, s₂²)) = log(s₂/s₁) + (s₁² + (m₁ − m₂)²)/(2s₂²) − ½.</summary>
    /// <param name="mean1">m₁.</param>
    /// <param name="std1">s₁ &gt; 0.</param>
    /// <param name="mean2">m₂.</param>
    /// <param name="std2">s₂ &gt; 0.</param>
    /// <param name="unit">Nats or bits.</param>
    /// <returns>The divergence.</returns>
    /// <exception cref="TesseraArgumentException">A standard deviation is not positive or a value is not finite.</exception>
    public static double Univariate(double mean1, double std1, double mean2, double std2, LogBase unit = LogBase.Nats)
    {
        Guard.Finite(mean1);
        Guard.Finite(mean2);
        Guard.That(std1 > 0 && double.IsFinite(std1), nameof(std1), "must be positive and finite");
        Guard.That(std2 > 0 && double.IsFinite(std2), nameof(std2), "must be positive and finite");
        var d = mean1 - mean2;
        var kl = Math.Log(std2 / std1) + (((std1 * std1) + (d * d)) / (2 * std2 * std2)) - 0.5;
        return KlDivergence.Scale(kl, unit);
    }

    /// <summary>The same divergence in improved-diffusion's (mean, log-variance) form:
    /// ½(−1 + lv₂ − lv₁ + e^(lv₁−lv₂) + (m₁ − m₂)² e^(−lv₂)), in nats.</summary>
    /// <param name="mean1">m₁.</param>
    /// <param name="logVariance1">log s₁².</param>
    /// <param name="mean2">m₂.</param>
    /// <param name="logVariance2">log s₂².</param>
    /// <returns>The divergence in nats.</returns>
    /// <exception cref="TesseraArgumentException">A value is not finite.</exception>
    public static double FromLogVariance(double mean1, double logVariance1, double mean2, double logVariance2)
    {
        Guard.Finite(mean1);
        Guard.Finite(logVariance1);
        Guard.Finite(mean2);
        Guard.Finite(logVariance2);
        var d = mean1 - mean2;
        return 0.5 * (-1.0 + logVariance2 - logVariance1 + Math.Exp(logVariance1 - logVariance2) + (d * d * Math.Exp(-logVariance2)));
    }

    /// <summary>KL(N(μ₁, Σ₁) ‖ N(μ₂, Σ₂)) = ½(tr(Σ₂⁻¹Σ₁) + (μ₂ − μ₁)ᵀΣ₂⁻¹(μ₂ − μ₁) − k + ln det Σ₂ − ln det Σ₁),
    /// through Cholesky factors.</summary>
    /// <param name="mean1">μ₁ (length k).</param>
    /// <param name="cov1">Σ₁ (k×k, symmetric positive definite).</param>
    /// <param name="mean2">μ₂.</param>
    /// <param name="cov2">Σ₂.</param>
    /// <param name="unit">Nats or bits.</param>
    /// <returns>The divergence.</returns>
    /// <exception cref="TesseraArgumentException">Sizes disagree, a value is not finite, or a covariance is not positive definite.</exception>
    public static double Multivariate(double[] mean1, double[,] cov1, double[] mean2, double[,] cov2, LogBase unit = LogBase.Nats)
    {
        ArgumentNullException.ThrowIfNull(mean1);
        ArgumentNullException.ThrowIfNull(cov1);
        ArgumentNullException.ThrowIfNull(mean2);
        ArgumentNullException.ThrowIfNull(cov2);
        var k = mean1.Length;
        Guard.That(k > 0, nameof(mean1), "must not be empty");
        Guard.That(mean2.Length == k, nameof(mean2), $"length {mean2.Length} must equal the length of mean1 ({k})");
        Guard.That(cov1.GetLength(0) == k && cov1.GetLength(1) == k, nameof(cov1), $"must be {k}×{k}");
        Guard.That(cov2.GetLength(0) == k && cov2.GetLength(1) == k, nameof(cov2), $"must be {k}×{k}");
        Guard.That(mean1.All(double.IsFinite) && mean2.All(double.IsFinite), nameof(mean1), "means must be finite");
        var l1 = Cholesky(cov1, nameof(cov1));
        var l2 = Cholesky(cov2, nameof(cov2));
        // tr(Σ₂⁻¹Σ₁) = Σ_j (Σ₂⁻¹ Σ₁[:, j])_j, one Cholesky solve per column
        var trace = 0.0;
        for (var j = 0; j < k; j++)
        {
            var col = new double[k];
            for (var i = 0; i < k; i++) { col[i] = cov1[i, j]; }
            var x = SolveCholesky(l2, col);
            trace += x[j];
        }
        var diff = new double[k];
        for (var i = 0; i < k; i++) { diff[i] = mean2[i] - mean1[i]; }
        var y = SolveCholesky(l2, diff);
        var maha = 0.0;
        for (var i = 0; i < k; i++) { maha += diff[i] * y[i]; }
        var logDet1 = 0.0;
        var logDet2 = 0.0;
        for (var i = 0; i < k; i++)
        {
            logDet1 += 2 * Math.Log(l1[i, i]);
            logDet2 += 2 * Math.Log(l2[i, i]);
        }
        return KlDivergence.Scale(0.5 * (trace + maha - k + logDet2 - logDet1), unit);
    }

    private static double[,] Cholesky(double[,] a, string name)
    {
        var n = a.GetLength(0);
        var l = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                Guard.That(double.IsFinite(a[i, j]) && Math.Abs(a[i, j] - a[j, i]) <= 1e-12 * Math.Max(1, Math.Abs(a[i, j])), name, "must be finite and symmetric");
                var s = a[i, j];
                for (var m = 0; m < j; m++) { s -= l[i, m] * l[j, m]; }
                if (i == j)
                {
                    Guard.That(s > 0, name, "must be positive definite");
                    l[i, i] = Math.Sqrt(s);
                }
                else
                {
                    l[i, j] = s / l[j, j];
                }
            }
        }
        return l;
    }

    private static double[] SolveCholesky(double[,] l, double[] b)
    {
        var n = b.Length;
        var z = new double[n];
        for (var i = 0; i < n; i++)
        {
            var s = b[i];
            for (var m = 0; m < i; m++) { s -= l[i, m] * z[m]; }
            z[i] = s / l[i, i];
        }
        var x = new double[n];
        for (var i = n - 1; i >= 0; i--)
        {
            var s = z[i];
            for (var m = i + 1; m < n; m++) { s -= l[m, i] * x[m]; }
            x[i] = s / l[i, i];
        }
        return x;
    }
}
