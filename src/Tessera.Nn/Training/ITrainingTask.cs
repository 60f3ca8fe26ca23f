using static TorchSharp.torch;

namespace Tessera.Nn.Training;

/// <summary>
/// What a <see cref="Trainer"/> trains: the forward pass and loss for one batch. The model, the batch format
/// and the loss are the task's; the loop, optimizer, schedule and checkpoints are the trainer's.
/// </summary>
/// <typeparam name="TBatch">The batch type produced by the data source.</typeparam>
public interface ITrainingTask<in TBatch>
{
    /// <summary>Runs the forward pass on <paramref name="batch"/> and returns the scalar loss to minimise.</summary>
    /// <param name="batch">One batch.</param>
    /// <returns>
    /// A scalar (0-dimensional or single-element) floating-point tensor attached to the autograd graph. It is
    /// created inside the trainer's per-step dispose scope, which disposes it.
    /// </returns>
    Tensor ComputeLoss(TBatch batch);

    /// <summary>The number of samples in <paramref name="batch"/>, for the throughput figure.</summary>
    /// <param name="batch">One batch.</param>
    /// <returns>The sample count (1 when unknown).</returns>
    int CountSamples(TBatch batch);
}
