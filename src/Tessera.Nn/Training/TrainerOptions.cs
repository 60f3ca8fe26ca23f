namespace Tessera.Nn.Training;

/// <summary>
/// Settings of a <see cref="Trainer"/>. Defaults follow PyTorch's optimizers (AdamW lr 1e-3, betas
/// (0.9, 0.999), eps 1e-8, weight decay 1e-2; SGD momentum 0, weight decay 0), one epoch, constant rate,
/// no clipping, no checkpoints.
/// </summary>
/// <remarks>
/// Mixed precision is not offered: TorchSharp-cpu has no autocast/GradScaler path worth using on CPU, so
/// training runs in the parameters' own dtype (float32). Validation happens when a <see cref="Trainer"/> is
/// created; the offending property is named in the exception.
/// </remarks>
public sealed record TrainerOptions
{
    /// <summary>The optimizer; AdamW by default.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.AdamW;

    /// <summary>Base learning rate (before schedule and group scale); 1e-3 by default. Must be positive and finite.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>
    /// Weight decay, or null for the optimizer's PyTorch default (AdamW 1e-2, decoupled; SGD 0, added to the
    /// gradient as L2). Must be non-negative.
    /// </summary>
    public double? WeightDecay { get; init; }

    /// <summary>SGD momentum in [0, 1); 0 by default (PyTorch's default). Ignored by AdamW.</summary>
    public double Momentum { get; init; }

    /// <summary>SGD Nesterov momentum (needs <see cref="Momentum"/> &gt; 0); false by default.</summary>
    public bool Nesterov { get; init; }

    /// <summary>AdamW β₁ in [0, 1); 0.9 by default.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>AdamW β₂ in [0, 1); 0.999 by default.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>AdamW ε (positive); 1e-8 by default.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>The learning-rate schedule, indexed by the global step; <see cref="ConstantSchedule"/> by default.</summary>
    public ILrSchedule Schedule { get; init; } = ConstantSchedule.Instance;

    /// <summary>Clip the global L2 norm of all trainable gradients to this value before each step; null (default) for no clipping.</summary>
    public double? MaxGradNorm { get; init; }

    /// <summary>Number of epochs (passes over the data source); 1 by default.</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>Stop after this many optimizer steps in total (counting steps of resumed runs), or null for no limit.</summary>
    public long? MaxSteps { get; init; }

    /// <summary>
    /// Seed of the run: <c>torch.manual_seed(Seed)</c> at the start of a fresh run (dropout and other torch
    /// randomness), and the <see cref="Core.Random.SeededRandom"/> whose stream <c>epoch</c> orders each epoch's data.
    /// </summary>
    public ulong Seed { get; init; }

    /// <summary>
    /// Folder for <c>checkpoint.safetensors</c> and <c>metrics.csv</c>; null (default) writes nothing. The trainer draws no
    /// pictures: whoever shows the run plots <see cref="TrainingResult.Metrics"/> or the CSV.
    /// </summary>
    public string? OutputDirectory { get; init; }

    /// <summary>Write a checkpoint every this many steps (and always at the end and on cancellation); 0 (default) only at the end.</summary>
    public int CheckpointEvery { get; init; }

    /// <summary>
    /// Continue from <c>checkpoint.safetensors</c> in <see cref="OutputDirectory"/> when it exists; true by default.
    /// When false, a fresh run starts and overwrites the folder's checkpoint and metrics.
    /// </summary>
    public bool Resume { get; init; } = true;

    /// <summary>
    /// Parameters whose state-dict names start with one of these prefixes are frozen (<c>requires_grad = false</c>).
    /// Parameters that already have <c>requires_grad = false</c> stay frozen too. Empty by default.
    /// </summary>
    public IReadOnlyList<string> FrozenPrefixes { get; init; } = [];

    /// <summary>Extra parameter groups by name prefix; the remaining trainable parameters form the default group.</summary>
    public IReadOnlyList<ParameterGroupRule> ParameterGroups { get; init; } = [];

    /// <summary>
    /// Put biases and 1-D parameters (norm scales) in groups without weight decay, as timm's
    /// <c>param_groups_weight_decay</c> does; false by default (PyTorch decays every parameter).
    /// </summary>
    public bool NoWeightDecayOnBiasAndNorm { get; init; }

    /// <summary>Report progress every this many steps; 1 by default. Metrics are recorded for every step.</summary>
    public int ReportEvery { get; init; } = 1;
}
