using Tessera.Core.Errors;

namespace Tessera.Dense.SegFix;

/// <summary>Settings of <see cref="SegFixTraining.Train"/>.</summary>
public sealed record SegFixTrainingOptions
{
    /// <summary>Epochs (passes over the samples); 30 by default.</summary>
    public int Epochs { get; init; } = 30;

    /// <summary>Samples per batch; 8 by default.</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>Peak AdamW learning rate (cosine schedule with warm-up); 3e-3 by default.</summary>
    public double LearningRate { get; init; } = 3e-3;

    /// <summary>AdamW weight decay; 1e-4 by default.</summary>
    public double WeightDecay { get; init; } = 1e-4;

    /// <summary>Random crop size (rows); null = the samples' own height (then all samples must have one size).</summary>
    public int? CropHeight { get; init; }

    /// <summary>Random crop size (columns); null = the samples' own width.</summary>
    public int? CropWidth { get; init; }

    /// <summary>Seed of weight initialisation, data order and crops.</summary>
    public ulong Seed { get; init; }

    /// <summary>Folder of the trainer checkpoint (resume), metrics.csv, loss.png and the exported <c>segfix.safetensors</c>; null writes nothing.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>Checkpoint every this many steps (0 = only at the end); 50 by default.</summary>
    public int CheckpointEvery { get; init; } = 50;

    /// <summary>Stop after this many steps in total (null = all epochs).</summary>
    public long? MaxSteps { get; init; }

    /// <summary>Throws unless usable.</summary>
    /// <exception cref="TesseraArgumentException">A value is out of range (named).</exception>
    public void Validate()
    {
        Guard.That(Epochs >= 1, nameof(Epochs), $"must be ≥ 1 (got {Epochs})");
        Guard.That(BatchSize >= 1, nameof(BatchSize), $"must be ≥ 1 (got {BatchSize})");
        Guard.That(double.IsFinite(LearningRate) && LearningRate > 0, nameof(LearningRate), $"must be positive (got {LearningRate})");
        Guard.That(double.IsFinite(WeightDecay) && WeightDecay >= 0, nameof(WeightDecay), $"must be ≥ 0 (got {WeightDecay})");
        Guard.That(CropHeight is null or >= 8, nameof(CropHeight), $"must be ≥ 8 (got {CropHeight})");
        Guard.That(CropWidth is null or >= 8, nameof(CropWidth), $"must be ≥ 8 (got {CropWidth})");
        Guard.That(CheckpointEvery >= 0, nameof(CheckpointEvery), $"must be ≥ 0 (got {CheckpointEvery})");
        Guard.That(MaxSteps is null or >= 0, nameof(MaxSteps), $"must be ≥ 0 (got {MaxSteps})");
    }
}
