using static TorchSharp.torch;

namespace Tessera.Nn.Training;

/// <summary>Builds <see cref="ITrainingTask{TBatch}"/>s from delegates.</summary>
public static class TrainingTask
{
    /// <summary>A task whose loss is <paramref name="loss"/> and whose sample count is <paramref name="countSamples"/> (1 per batch if null).</summary>
    /// <typeparam name="TBatch">The batch type.</typeparam>
    /// <param name="loss">Forward pass plus loss for one batch.</param>
    /// <param name="countSamples">Samples in a batch, or null to count each batch as one sample.</param>
    /// <returns>The task.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="loss"/> is null.</exception>
    public static ITrainingTask<TBatch> FromDelegate<TBatch>(Func<TBatch, Tensor> loss, Func<TBatch, int>? countSamples = null)
    {
        ArgumentNullException.ThrowIfNull(loss);
        return new DelegateTask<TBatch>(loss, countSamples);
    }

    private sealed class DelegateTask<TBatch>(Func<TBatch, Tensor> loss, Func<TBatch, int>? countSamples) : ITrainingTask<TBatch>
    {
        public Tensor ComputeLoss(TBatch batch) => loss(batch);

        public int CountSamples(TBatch batch) => countSamples?.Invoke(batch) ?? 1;
    }
}
