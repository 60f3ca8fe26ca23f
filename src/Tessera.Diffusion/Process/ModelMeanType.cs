namespace Tessera.Diffusion.Process;

/// <summary>What the denoiser's first C output channels predict (improved-diffusion's <c>ModelMeanType</c>).</summary>
public enum ModelMeanType
{
    /// <summary>The noise ε that was added (the default).</summary>
    Epsilon,

    /// <summary>The clean image x₀.</summary>
    StartX,

    /// <summary>The mean of x_{t−1}.</summary>
    PreviousX,
}
