using Tessera.Core.Errors;

namespace Tessera.World.Pretraining;

/// <summary>Settings of <see cref="WorldPretraining.Run"/>.</summary>
public sealed record WorldPretrainOptions
{
    /// <summary>The model to train.</summary>
    public WorldModelKind Model { get; init; } = WorldModelKind.Vit;

    /// <summary>Output folder: <c>model.safetensors</c>, <c>card.md</c>, <c>card.json</c>, <c>loss.png</c>,
    /// <c>metrics.csv</c> (and the trainer's resumable state under <c>training/</c>).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Optimizer steps (default 600).</summary>
    public int Steps { get; init; } = 600;

    /// <summary>Images per step (default 64).</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Peak learning rate of AdamW (cosine decay after a 5 % warm-up).</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Seed of the data, the initialisation and the trainer.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Held-out scenes for the card's metrics (generated with another seed).</summary>
    public int EvaluationCount { get; init; } = 1000;

    /// <summary>Write a resumable checkpoint every this many steps.</summary>
    public int CheckpointEvery { get; init; } = 50;

    /// <summary>CLIP's vocabulary source (<c>bpe_simple_vocab_16e6.txt.gz</c> or a folder with <c>merges.txt</c>); CLIP only.</summary>
    public string? VocabularySource { get; init; }

    /// <summary>The command line that ran this, recorded on the card.</summary>
    public string Command { get; init; } = "";

    /// <summary>
    /// libtorch intra-op threads (default 1). One thread is the measured best on a shared 2-core machine: with 2 threads
    /// and other processes busy, OpenMP's spinning threads made each step ~13× slower. The weights depend on it only
    /// through float summation order.
    /// </summary>
    public int Threads { get; init; } = 1;

    /// <summary>Keep the trainer's checkpoint in <c>training/</c> after a finished run (default false: removed, it is 3× the model).</summary>
    public bool KeepTrainingState { get; init; }

    /// <summary>Throws unless the settings are valid.</summary>
    /// <exception cref="TesseraArgumentException">A value is out of range or CLIP has no vocabulary source.</exception>
    public void Validate()
    {
        Guard.That(!string.IsNullOrWhiteSpace(OutputDirectory), nameof(OutputDirectory), "must be a folder path");
        Guard.Positive(Steps);
        Guard.That(BatchSize is >= 2 and <= 1024, nameof(BatchSize), $"must lie in [2, 1024] (got {BatchSize})");
        Guard.That(LearningRate > 0 && LearningRate < 1, nameof(LearningRate), $"must lie in (0, 1) (got {LearningRate})");
        Guard.That(EvaluationCount is >= 10 and <= 100_000, nameof(EvaluationCount), $"must lie in [10, 100000] (got {EvaluationCount})");
        Guard.That(Threads is >= 1 and <= 256, nameof(Threads), $"must lie in [1, 256] (got {Threads})");
        Guard.That(CheckpointEvery > 0, nameof(CheckpointEvery), "must be positive");
        Guard.That(Model != WorldModelKind.Clip || VocabularySource is not null, nameof(VocabularySource),
            "is required for CLIP: CLIP's bpe_simple_vocab_16e6.txt.gz, or the vocab folder of a shipped world CLIP");
    }
}
