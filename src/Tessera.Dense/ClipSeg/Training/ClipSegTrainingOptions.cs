using Tessera.Core.Errors;

namespace Tessera.Dense.ClipSeg.Training;

/// <summary>Settings of <see cref="ClipSegTraining.Train"/> (upstream <c>training.py</c> with the PhraseCut
/// configuration's knobs: <c>negative_prob</c>, <c>mix</c>, <c>mix_text_min</c>/<c>mix_text_max</c>, AdamW, cosine
/// schedule).</summary>
public sealed record ClipSegTrainingOptions
{
    /// <summary>Optimisation steps (the run stops after this many in total; resumable).</summary>
    public long Steps { get; init; } = 1000;

    /// <summary>Samples per batch.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Peak AdamW learning rate (cosine schedule with warm-up); upstream 0.001.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>AdamW weight decay (PyTorch's AdamW default 0.01, as upstream).</summary>
    public double WeightDecay { get; init; } = 0.01;

    /// <summary>q_neg: probability that a sample's phrase is swapped for a phrase of another image and its target
    /// emptied (upstream <c>negative_prob</c>, 0.2 in the PhraseCut configuration).</summary>
    public double NegativeProbability { get; init; } = 0.2;

    /// <summary>Lowest text weight w of the mix <c>w·text + (1 − w)·visual</c>, drawn uniformly per sample in
    /// [<see cref="MixTextMin"/>, <see cref="MixTextMax"/>]; null trains on text prompts only (w = 1).</summary>
    public double? MixTextMin { get; init; } = 0.0;

    /// <summary>Highest text weight of the mix.</summary>
    public double MixTextMax { get; init; } = 1.0;

    /// <summary>Prompt templates, one drawn per sample (<see cref="ClipSegPrompts"/>; default plain <c>{}</c>).</summary>
    public IReadOnlyList<string> Templates { get; init; } = ClipSegPrompts.Plain;

    /// <summary>Side of the cropped visual prompt images (CLIP's own resolution suits a small CLIP).</summary>
    public int VisualPromptSize { get; init; } = 224;

    /// <summary>Seed of the decoder's initial weights, the data order, negatives, examples and mixing weights.</summary>
    public ulong Seed { get; init; }

    /// <summary>Folder of the checkpoint (resume), metrics.csv and the exported decoder; null writes nothing.</summary>
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
        Guard.That(NegativeProbability is >= 0 and < 1, nameof(NegativeProbability), $"must lie in [0, 1) (got {NegativeProbability})");
        Guard.That(MixTextMin is null || (MixTextMin >= 0 && MixTextMin <= MixTextMax && MixTextMax <= 1), nameof(MixTextMin),
            $"must satisfy 0 ≤ min ≤ max ≤ 1 (got {MixTextMin}, {MixTextMax})");
        Guard.That(Templates is { Count: > 0 } && Templates.All(t => t.Contains("{}", StringComparison.Ordinal)), nameof(Templates), "must hold at least one template, each with {}");
        Guard.That(VisualPromptSize >= 8, nameof(VisualPromptSize), $"must be ≥ 8 (got {VisualPromptSize})");
        Guard.That(CheckpointEvery >= 0, nameof(CheckpointEvery), $"must be ≥ 0 (got {CheckpointEvery})");
    }
}
