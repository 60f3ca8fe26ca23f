namespace Tessera.Diffusion.Training;

/// <summary>The outcome of <see cref="DiffusionTrainer.Run"/>.</summary>
/// <param name="Steps">Global step count reached.</param>
/// <param name="ResumedFromStep">Step the run resumed from (0 for a fresh run).</param>
/// <param name="Cancelled">Stopped by the cancellation token (after a whole step, with a checkpoint).</param>
/// <param name="Metrics">Metrics of every step, resumed runs included.</param>
public sealed record DiffusionTrainingResult(long Steps, long ResumedFromStep, bool Cancelled, IReadOnlyList<DiffusionStepMetrics> Metrics);
