namespace Tessera.Diffusion.Training;

/// <summary>One training step's batch means.</summary>
/// <param name="Step">1-based global step.</param>
/// <param name="Loss">Importance-weighted loss that was minimised.</param>
/// <param name="Mse">Mean MSE term (NaN for VLB training).</param>
/// <param name="Vb">Mean VLB term as scaled by the loss type (NaN when absent).</param>
/// <param name="Seconds">Wall time of the step.</param>
public sealed record DiffusionStepMetrics(long Step, double Loss, double Mse, double Vb, double Seconds);
