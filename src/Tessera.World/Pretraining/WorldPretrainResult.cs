using Tessera.Nn.Training;

namespace Tessera.World.Pretraining;

/// <summary>The outcome of <see cref="WorldPretraining.Run"/>.</summary>
/// <param name="Steps">Optimizer steps reached (resumed steps included).</param>
/// <param name="Cancelled">True when cancelled (a resumable checkpoint was written; no model file).</param>
/// <param name="ResumedFromStep">Step the run resumed from (0 for a fresh run).</param>
/// <param name="WallSeconds">Training wall time in seconds, including earlier resumed runs.</param>
/// <param name="Metrics">Held-out metrics written to the card (empty when cancelled).</param>
/// <param name="WeightsPath">The model file, or null when cancelled.</param>
public sealed record WorldPretrainResult(long Steps, bool Cancelled, long ResumedFromStep, double WallSeconds,
    IReadOnlyDictionary<string, double> Metrics, string? WeightsPath)
{
    /// <summary>Per-step training metrics of the whole run (resumed steps included), as in <c>metrics.csv</c>; a program
    /// that can draw draws the loss curve from them (the CLI writes <c>loss.png</c>).</summary>
    public IReadOnlyList<TrainingStepMetrics> StepMetrics { get; init; } = [];
}
