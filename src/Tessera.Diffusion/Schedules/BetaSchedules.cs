using Tessera.Core.Errors;

namespace Tessera.Diffusion.Schedules;

/// <summary>
/// β schedules in float64, as <c>improved_diffusion.gaussian_diffusion.get_named_beta_schedule</c> and
/// <c>betas_for_alpha_bar</c> (openai/improved-diffusion 1bc7bbb) compute them.
/// </summary>
public static class BetaSchedules
{
    /// <summary>The largest β the cosine schedule allows (avoids the singularity at t = T).</summary>
    public const double MaxBeta = 0.999;

    /// <summary>Returns the named schedule with <paramref name="steps"/> betas.</summary>
    /// <param name="kind">Linear or cosine.</param>
    /// <param name="steps">Number of diffusion steps T.</param>
    /// <returns>T betas, each in (0, 1].</returns>
    /// <exception cref="TesseraArgumentException"><paramref name="steps"/> is not positive.</exception>
    public static double[] Named(BetaScheduleKind kind, int steps) => kind switch
    {
        BetaScheduleKind.Linear => Linear(steps),
        BetaScheduleKind.Cosine => Cosine(steps),
        _ => throw new TesseraArgumentException(nameof(kind), $"unknown beta schedule {kind}"),
    };

    /// <summary>Parses <c>linear</c> or <c>cosine</c> (case-insensitive).</summary>
    /// <param name="name">Schedule name.</param>
    /// <returns>The kind.</returns>
    /// <exception cref="TesseraArgumentException">The name is neither.</exception>
    public static BetaScheduleKind Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.ToUpperInvariant() switch
        {
            "LINEAR" => BetaScheduleKind.Linear,
            "COSINE" => BetaScheduleKind.Cosine,
            _ => throw new TesseraArgumentException(nameof(name), $"unknown beta schedule '{name}' (expected linear or cosine)"),
        };
    }

    /// <summary>The linear schedule: <c>numpy.linspace(s·1e-4, s·0.02, T)</c> with s = 1000/T.</summary>
    /// <param name="steps">T.</param>
    /// <returns>The betas.</returns>
    /// <exception cref="TesseraArgumentException"><paramref name="steps"/> is not positive.</exception>
    public static double[] Linear(int steps)
    {
        Guard.Positive(steps);
        var scale = 1000.0 / steps;
        return Linspace(scale * 0.0001, scale * 0.02, steps);
    }

    /// <summary>The cosine schedule: βᵢ = min(1 − ᾱ((i+1)/T)/ᾱ(i/T), 0.999).</summary>
    /// <param name="steps">T.</param>
    /// <returns>The betas.</returns>
    /// <exception cref="TesseraArgumentException"><paramref name="steps"/> is not positive.</exception>
    public static double[] Cosine(int steps)
    {
        Guard.Positive(steps);
        return ForAlphaBar(steps, t => Math.Pow(Math.Cos((t + 0.008) / 1.008 * Math.PI / 2), 2), MaxBeta);
    }

    /// <summary>Discretises a cumulative-product function ᾱ(t) on [0, 1] into T betas (<c>betas_for_alpha_bar</c>).</summary>
    /// <param name="steps">T.</param>
    /// <param name="alphaBar">ᾱ(t) for t in [0, 1].</param>
    /// <param name="maxBeta">Upper clip of each β.</param>
    /// <returns>The betas.</returns>
    /// <exception cref="TesseraArgumentException"><paramref name="steps"/> is not positive.</exception>
    public static double[] ForAlphaBar(int steps, Func<double, double> alphaBar, double maxBeta = MaxBeta)
    {
        Guard.Positive(steps);
        ArgumentNullException.ThrowIfNull(alphaBar);
        var betas = new double[steps];
        for (var i = 0; i < steps; i++)
        {
            var t1 = (double)i / steps;
            var t2 = (double)(i + 1) / steps;
            betas[i] = Math.Min(1 - (alphaBar(t2) / alphaBar(t1)), maxBeta);
        }
        return betas;
    }

    /// <summary>numpy's <c>linspace(start, stop, n)</c> (endpoint included): start + i·step, the last value set to stop.</summary>
    private static double[] Linspace(double start, double stop, int n)
    {
        var result = new double[n];
        if (n == 1)
        {
            result[0] = start;
            return result;
        }
        var step = (stop - start) / (n - 1);
        for (var i = 0; i < n; i++) { result[i] = start + (i * step); }
        result[n - 1] = stop;
        return result;
    }
}
