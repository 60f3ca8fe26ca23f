namespace Tessera.Nn.Training;

/// <summary>The outcome of <see cref="Trainer.Fit{TBatch}(ITrainingTask{TBatch}, Func{int, Core.Random.IRandom, IEnumerable{TBatch}}, IProgress{Core.Progress.ProgressReport}?, CancellationToken)"/>.</summary>
/// <param name="Steps">Global step count reached (resumed steps included).</param>
/// <param name="Epoch">0-based epoch the next step would belong to (equals <see cref="TrainerOptions.Epochs"/> when all epochs ran).</param>
/// <param name="Cancelled">True when the cancellation token stopped the run (after a whole step, with a checkpoint).</param>
/// <param name="ResumedFromStep">The step the run resumed from, or 0 for a fresh run.</param>
/// <param name="Metrics">Every step's metrics, including those of resumed runs read back from <c>metrics.csv</c>.</param>
/// <param name="CheckpointPath">The checkpoint written last, or null when <see cref="TrainerOptions.OutputDirectory"/> is null.</param>
public sealed record TrainingResult(
    long Steps, int Epoch, bool Cancelled, long ResumedFromStep, IReadOnlyList<TrainingStepMetrics> Metrics, string? CheckpointPath);
