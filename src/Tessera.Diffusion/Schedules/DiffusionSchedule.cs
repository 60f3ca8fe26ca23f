using Tessera.Core.Errors;

namespace Tessera.Diffusion.Schedules;

/// <summary>
/// Every per-step coefficient of a Gaussian diffusion process, precomputed in float64 from its betas exactly as
/// improved-diffusion's <c>GaussianDiffusion.__init__</c> does (same formulas, same evaluation order).
/// </summary>
/// <remarks>Index t is 0-based: t = 0 is the first diffusion step (x₁ from x₀).</remarks>
public sealed class DiffusionSchedule
{
    /// <summary>Builds the terms from betas.</summary>
    /// <param name="betas">β_t, each in (0, 1].</param>
    /// <exception cref="TesseraArgumentException">No betas, or a β outside (0, 1] or NaN.</exception>
    public DiffusionSchedule(IReadOnlyList<double> betas)
    {
        ArgumentNullException.ThrowIfNull(betas);
        Guard.That(betas.Count > 0, nameof(betas), "at least one beta is required");
        for (var i = 0; i < betas.Count; i++)
        {
            Guard.That(betas[i] > 0 && betas[i] <= 1, nameof(betas), $"beta[{i}] = {betas[i]} must lie in (0, 1]");
        }
        var n = betas.Count;
        Betas = [.. betas];
        AlphasCumprod = new double[n];
        var acc = 1.0;
        for (var i = 0; i < n; i++)
        {
            acc *= 1.0 - Betas[i];
            AlphasCumprod[i] = acc;
        }
        AlphasCumprodPrev = new double[n];
        AlphasCumprodNext = new double[n];
        SqrtAlphasCumprod = new double[n];
        SqrtOneMinusAlphasCumprod = new double[n];
        LogOneMinusAlphasCumprod = new double[n];
        SqrtRecipAlphasCumprod = new double[n];
        SqrtRecipm1AlphasCumprod = new double[n];
        PosteriorVariance = new double[n];
        PosteriorLogVarianceClipped = new double[n];
        PosteriorMeanCoef1 = new double[n];
        PosteriorMeanCoef2 = new double[n];
        for (var i = 0; i < n; i++)
        {
            var ac = AlphasCumprod[i];
            var prev = i == 0 ? 1.0 : AlphasCumprod[i - 1];
            AlphasCumprodPrev[i] = prev;
            AlphasCumprodNext[i] = i == n - 1 ? 0.0 : AlphasCumprod[i + 1];
            SqrtAlphasCumprod[i] = Math.Sqrt(ac);
            SqrtOneMinusAlphasCumprod[i] = Math.Sqrt(1.0 - ac);
            LogOneMinusAlphasCumprod[i] = Math.Log(1.0 - ac);
            SqrtRecipAlphasCumprod[i] = Math.Sqrt(1.0 / ac);
            SqrtRecipm1AlphasCumprod[i] = Math.Sqrt((1.0 / ac) - 1);
            PosteriorVariance[i] = Betas[i] * (1.0 - prev) / (1.0 - ac);
            PosteriorMeanCoef1[i] = Betas[i] * Math.Sqrt(prev) / (1.0 - ac);
            PosteriorMeanCoef2[i] = (1.0 - prev) * Math.Sqrt(1.0 - Betas[i]) / (1.0 - ac);
        }
        for (var i = 0; i < n; i++)
        {
            // the posterior variance is 0 at t = 0: its log is clipped to the value at t = 1
            PosteriorLogVarianceClipped[i] = Math.Log(i == 0 && n > 1 ? PosteriorVariance[1] : PosteriorVariance[i]);
        }
        LogBetas = [.. Betas.Select(b => Math.Log(b))];
        FixedLargeVariance = new double[n];
        for (var i = 0; i < n; i++) { FixedLargeVariance[i] = i == 0 && n > 1 ? PosteriorVariance[1] : Betas[i]; }
        FixedLargeLogVariance = [.. FixedLargeVariance.Select(v => Math.Log(v))];
    }

    /// <summary>T, the number of steps.</summary>
    public int Steps => Betas.Length;

    /// <summary>β_t.</summary>
    public double[] Betas { get; }

    /// <summary>log β_t (the upper end of the learned-range variance).</summary>
    public double[] LogBetas { get; }

    /// <summary>ᾱ_t = ∏_{s≤t} (1 − β_s).</summary>
    public double[] AlphasCumprod { get; }

    /// <summary>ᾱ_{t−1} (1 at t = 0).</summary>
    public double[] AlphasCumprodPrev { get; }

    /// <summary>ᾱ_{t+1} (0 at t = T−1).</summary>
    public double[] AlphasCumprodNext { get; }

    /// <summary>√ᾱ_t.</summary>
    public double[] SqrtAlphasCumprod { get; }

    /// <summary>√(1 − ᾱ_t).</summary>
    public double[] SqrtOneMinusAlphasCumprod { get; }

    /// <summary>log(1 − ᾱ_t).</summary>
    public double[] LogOneMinusAlphasCumprod { get; }

    /// <summary>√(1/ᾱ_t).</summary>
    public double[] SqrtRecipAlphasCumprod { get; }

    /// <summary>√(1/ᾱ_t − 1).</summary>
    public double[] SqrtRecipm1AlphasCumprod { get; }

    /// <summary>β̃_t = β_t (1 − ᾱ_{t−1}) / (1 − ᾱ_t), the variance of q(x_{t−1} | x_t, x₀).</summary>
    public double[] PosteriorVariance { get; }

    /// <summary>log β̃_t with the t = 0 entry replaced by log β̃₁.</summary>
    public double[] PosteriorLogVarianceClipped { get; }

    /// <summary>Coefficient of x₀ in the posterior mean: β_t √ᾱ_{t−1} / (1 − ᾱ_t).</summary>
    public double[] PosteriorMeanCoef1 { get; }

    /// <summary>Coefficient of x_t in the posterior mean: (1 − ᾱ_{t−1}) √α_t / (1 − ᾱ_t).</summary>
    public double[] PosteriorMeanCoef2 { get; }

    /// <summary>The fixed-large variance: β_t, with β̃₁ at t = 0.</summary>
    public double[] FixedLargeVariance { get; }

    /// <summary>log of <see cref="FixedLargeVariance"/>.</summary>
    public double[] FixedLargeLogVariance { get; }

    /// <summary>The schedule of a respaced process keeping only <paramref name="keptSteps"/>:
    /// β'_i = 1 − ᾱ_{k_i} / ᾱ_{k_{i−1}} (improved-diffusion's <c>SpacedDiffusion</c>).</summary>
    /// <param name="keptSteps">Sorted step indices of this schedule to keep.</param>
    /// <returns>The shorter schedule.</returns>
    /// <exception cref="TesseraArgumentException">A step is out of range or the steps are not strictly increasing.</exception>
    public DiffusionSchedule Respace(IReadOnlyList<int> keptSteps)
    {
        ArgumentNullException.ThrowIfNull(keptSteps);
        Guard.That(keptSteps.Count > 0, nameof(keptSteps), "at least one step must be kept");
        var betas = new double[keptSteps.Count];
        var last = 1.0;
        var prevStep = -1;
        for (var i = 0; i < keptSteps.Count; i++)
        {
            var k = keptSteps[i];
            Guard.That(k > prevStep && k < Steps, nameof(keptSteps), $"steps must increase strictly within [0, {Steps}); got {k} after {prevStep}");
            betas[i] = 1 - (AlphasCumprod[k] / last);
            last = AlphasCumprod[k];
            prevStep = k;
        }
        return new DiffusionSchedule(betas);
    }
}
