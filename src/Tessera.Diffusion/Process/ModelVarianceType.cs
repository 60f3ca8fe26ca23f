namespace Tessera.Diffusion.Process;

/// <summary>How the reverse-process variance is chosen (improved-diffusion's <c>ModelVarType</c>).</summary>
public enum ModelVarianceType
{
    /// <summary>β̃_t, the posterior variance (log clipped at t = 0).</summary>
    FixedSmall,

    /// <summary>β_t (with β̃₁ at t = 0 for a better decoder likelihood).</summary>
    FixedLarge,

    /// <summary>The model outputs v ∈ [−1, 1] per pixel; log σ² = ((v+1)/2)·log β_t + (1 − (v+1)/2)·log β̃_t.</summary>
    LearnedRange,

    /// <summary>The model outputs log σ² directly.</summary>
    Learned,
}
