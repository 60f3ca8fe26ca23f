namespace Tessera.Diffusion.Schedules;

/// <summary>The named β schedules of improved-diffusion (<c>get_named_beta_schedule</c>).</summary>
public enum BetaScheduleKind
{
    /// <summary>Ho et al.'s linear schedule, scaled by 1000/T: <c>linspace(1e-4·s, 0.02·s, T)</c>.</summary>
    Linear,

    /// <summary>Nichol &amp; Dhariwal's cosine schedule: ᾱ(t) = cos²((t + 0.008)/1.008 · π/2), β clipped at 0.999.</summary>
    Cosine,
}
