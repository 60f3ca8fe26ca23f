namespace Tessera.Nn.Training;

/// <summary>What one optimizer step measured (one row of <c>metrics.csv</c>).</summary>
/// <param name="Step">1-based global step number (counting steps of earlier, resumed runs).</param>
/// <param name="Epoch">0-based epoch the step belongs to.</param>
/// <param name="Loss">The batch loss before the update.</param>
/// <param name="LearningRate">Learning rate of the first parameter group at this step (base × schedule × group scale).</param>
/// <param name="GradNorm">Global L2 norm of the gradients before clipping, or null when clipping is off.</param>
/// <param name="SamplesPerSecond">Samples of this batch divided by the step's wall time (data, forward, backward, update).</param>
/// <param name="ElapsedSeconds">Wall time since the run started, including earlier resumed runs.</param>
public sealed record TrainingStepMetrics(
    long Step, int Epoch, double Loss, double LearningRate, double? GradNorm, double SamplesPerSecond, double ElapsedSeconds);
