using Tessera.Core.Errors;

namespace Tessera.Dense.DenseClip.Training;

/// <summary>Settings of <see cref="DenseClipTraining.Train"/>.</summary>
public sealed record DenseClipTrainingOptions
{
    /// <summary>Optimisation steps in total (resumable).</summary>
    public long Steps { get; init; } = 1000;

    /// <summary>Samples per batch.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Peak AdamW learning rate (cosine schedule with warm-up).</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>AdamW weight decay (upstream 1e-4).</summary>
    public double WeightDecay { get; init; } = 1e-4;

    /// <summary>Weight of the auxiliary score-map loss (upstream 0.4); ignored without score maps.</summary>
    public double AuxWeight { get; init; } = 0.4;

    /// <summary>Seed of the data order (initial weights: seed torch before building the model).</summary>
    public ulong Seed { get; init; }

    /// <summary>Folder of the checkpoint, metrics.csv and the exported weights; null writes nothing.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>Checkpoint every this many steps (0 = only at the end).</summary>
    public int CheckpointEvery { get; init; } = 100;

    /// <summary>Throws unless usable.</summary>
    /// <exception cref="TesseraArgumentException">A value is out of range (named).</exception>
    public void Validate()
    {
        Guard.That(Steps >= 1, nameof(Steps), $"must be ≥ 1 (got {Steps})");
        Guard.That(BatchSize >= 1, nameof(BatchSize), $"must be ≥ 1 (got {BatchSize})");
        Guard.That(double.IsFinite(LearningRate) && LearningRate > 0, nameof(LearningRate), $"must be positive (got {LearningRate})");
        Guard.That(double.IsFinite(WeightDecay) && WeightDecay >= 0, nameof(WeightDecay), $"must be ≥ 0 (got {WeightDecay})");
        Guard.That(double.IsFinite(AuxWeight) && AuxWeight >= 0, nameof(AuxWeight), $"must be ≥ 0 (got {AuxWeight})");
        Guard.That(CheckpointEvery >= 0, nameof(CheckpointEvery), $"must be ≥ 0 (got {CheckpointEvery})");
    }
}
