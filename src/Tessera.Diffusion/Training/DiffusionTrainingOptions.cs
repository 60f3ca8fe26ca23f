namespace Tessera.Diffusion.Training;

/// <summary>Settings of <see cref="DiffusionTrainer"/>, defaulting to improved-diffusion's <c>image_train.py</c>
/// (AdamW, lr 1e-4, no weight decay, EMA 0.9999, uniform t), with a smaller default batch for CPU.</summary>
public sealed record DiffusionTrainingOptions
{
    /// <summary>Images per optimiser step.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>AdamW learning rate.</summary>
    public double LearningRate { get; init; } = 1e-4;

    /// <summary>AdamW weight decay.</summary>
    public double WeightDecay { get; init; }

    /// <summary>Decay of the EMA of the weights.</summary>
    public double EmaRate { get; init; } = 0.9999;

    /// <summary>Draw t with loss-aware importance sampling (history of 10 losses per t) instead of uniformly.</summary>
    public bool LossAwareSampling { get; init; }

    /// <summary>Seed of data order, timesteps and noise (each step draws from streams split off by step number).</summary>
    public ulong Seed { get; init; }

    /// <summary>Write a checkpoint every this many steps (0: only at the end or on cancellation).</summary>
    public int CheckpointEvery { get; init; }
}
