namespace Tessera.Diffusion.Process;

/// <summary>Training objective (improved-diffusion's <c>LossType</c>).</summary>
public enum DiffusionLossType
{
    /// <summary>L_simple (MSE on the mean target), plus the unscaled VLB term when the variance is learned.</summary>
    Mse,

    /// <summary>L_hybrid: MSE plus the VLB term scaled by T/1000 (λ = 0.001 on the T-term bound).</summary>
    RescaledMse,

    /// <summary>The single-step VLB term (bits).</summary>
    Kl,

    /// <summary>The VLB term times T: an estimate of the full bound L_vlb.</summary>
    RescaledKl,
}
