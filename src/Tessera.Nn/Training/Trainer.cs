using System.Diagnostics;
using System.Globalization;
using Tessera.Core.Errors;
using Tessera.Core.Progress;
using Tessera.Core.Random;
using Tessera.Nn.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tessera.Nn.Training;

/// <summary>
/// A small training loop over a TorchSharp module: optimizer groups holding only the trainable parameters,
/// SGD or AdamW, a step-indexed learning-rate schedule, global-norm gradient clipping, deterministic seeding,
/// atomic checkpoints with resume, a metrics CSV, progress and cancellation.
/// </summary>
/// <remarks>
/// <para>
/// Creating a trainer freezes the parameters named by <see cref="TrainerOptions.FrozenPrefixes"/>
/// (<c>requires_grad = false</c>, so autograd computes no gradient for them) and builds the optimizer over the
/// rest. Each step runs inside <c>torch.NewDisposeScope()</c>: the batch enumerator's <c>MoveNext</c>, the
/// forward pass, <c>backward</c>, clipping and the update, so tensors created by the data source, the task or
/// the loss are freed at the end of the step.
/// </para>
/// <para>
/// Determinism: a fresh run calls <c>torch.manual_seed(Seed)</c>; epoch <c>e</c>'s data source receives
/// <c>new SeededRandom(Seed).Stream(e)</c>. A checkpoint stores the step, epoch, batches consumed in the epoch,
/// torch's generator state, the trainable parameters and the optimizer state, so a resumed run re-creates
/// the epoch's data from the same stream, skips the consumed batches and continues exactly where the
/// interrupted run stopped. The model's buffers (BatchNorm running statistics) are stored and restored too. The model's frozen parameters must be restored by the caller (they usually come
/// from a pretrained file); the checkpoint does not hold them.
/// </para>
/// <para>Mixed precision is off: on CPU the trainer runs in the parameters' dtype.</para>
/// </remarks>
public sealed class Trainer : IDisposable
{
    private readonly nn.Module _model;
    private readonly OptimizerHelper _optimizer;
    private readonly IReadOnlyList<ParameterGroupPlan> _groups;
    private readonly List<(string Name, Parameter Parameter)> _trainable;
    private bool _disposed;

    /// <summary>Freezes parameters, plans the parameter groups and creates the optimizer.</summary>
    /// <param name="model">The model; the trainer changes its parameters' values and <c>requires_grad</c> flags but does not own it.</param>
    /// <param name="options">Settings; defaults when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="TesseraArgumentException">An option is out of range (named as <c>options.Property</c>), or no parameter is left trainable.</exception>
    /// <exception cref="TorchRuntimeException">TorchSharp's native libraries could not be loaded.</exception>
    public Trainer(nn.Module model, TrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Options = options ?? new TrainerOptions();
        Validate(Options);
        TorchRuntime.EnsureLoaded();
        _model = model;
        var defaultDecay = Options.WeightDecay ?? (Options.Optimizer == OptimizerKind.AdamW ? 1e-2 : 0.0);
        var (groups, frozen) = TrainableParameters.Plan(model.named_parameters(), Options, defaultDecay);
        _groups = groups;
        _trainable = groups.SelectMany(g => g.Parameters).ToList();
        Guard.That(_trainable.Count > 0, nameof(model), "must have at least one trainable parameter after freezing");
        FrozenParameterNames = frozen;
        TrainableParameterNames = _trainable.Select(t => t.Name).ToList();
        _optimizer = CreateOptimizer();
    }

    /// <summary>The validated settings.</summary>
    public TrainerOptions Options { get; }

    /// <summary>State-dict names of the parameters the optimizer updates, in optimizer order.</summary>
    public IReadOnlyList<string> TrainableParameterNames { get; }

    /// <summary>State-dict names of the frozen parameters (<c>requires_grad = false</c>).</summary>
    public IReadOnlyList<string> FrozenParameterNames { get; }

    /// <summary>Path of the checkpoint in <see cref="TrainerOptions.OutputDirectory"/>, or null when there is none.</summary>
    public string? CheckpointPath => Options.OutputDirectory is null ? null : Path.Combine(Options.OutputDirectory, TrainingCheckpoint.FileName);

    /// <summary>Path of the metrics CSV, or null without an output directory.</summary>
    public string? MetricsPath => Options.OutputDirectory is null ? null : Path.Combine(Options.OutputDirectory, "metrics.csv");

    /// <summary>Trains with a loss delegate; see <see cref="Fit{TBatch}(ITrainingTask{TBatch}, Func{int, IRandom, IEnumerable{TBatch}}, IProgress{ProgressReport}?, CancellationToken)"/>.</summary>
    /// <typeparam name="TBatch">The batch type.</typeparam>
    /// <param name="loss">Forward pass plus loss for one batch.</param>
    /// <param name="epochData">The batches of epoch <c>e</c>, ordered with the given random stream.</param>
    /// <param name="progress">Receives a report every <see cref="TrainerOptions.ReportEvery"/> steps; may be null.</param>
    /// <param name="cancellationToken">Stops the run after the current step, with a checkpoint.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ArgumentNullException">A delegate is null.</exception>
    public TrainingResult Fit<TBatch>(
        Func<TBatch, Tensor> loss, Func<int, IRandom, IEnumerable<TBatch>> epochData,
        IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default)
        => Fit(TrainingTask.FromDelegate(loss), epochData, progress, cancellationToken);

    /// <summary>
    /// Runs the training loop until <see cref="TrainerOptions.Epochs"/> epochs or <see cref="TrainerOptions.MaxSteps"/>
    /// steps are done, or the token is cancelled. Resumes from the checkpoint in the output directory when
    /// <see cref="TrainerOptions.Resume"/> is set and one exists.
    /// </summary>
    /// <typeparam name="TBatch">The batch type.</typeparam>
    /// <param name="task">Forward pass and loss.</param>
    /// <param name="epochData">
    /// Called once per epoch with the 0-based epoch and that epoch's random stream; returns the epoch's batches.
    /// It must be deterministic given its arguments for resume to reproduce an uninterrupted run. It is enumerated
    /// lazily, one batch per step, inside the step's dispose scope.
    /// </param>
    /// <param name="progress">Receives a report every <see cref="TrainerOptions.ReportEvery"/> steps (stage "epoch e/E", steps done, loss, samples/s, learning rate); may be null.</param>
    /// <param name="cancellationToken">
    /// Checked before each step: when cancelled the run stops after the step in flight, writes a checkpoint
    /// and the metrics, and returns with <see cref="TrainingResult.Cancelled"/> set (no exception).
    /// </param>
    /// <returns>The outcome, with every step's metrics.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="task"/> or <paramref name="epochData"/> is null.</exception>
    /// <exception cref="TesseraArgumentException">The task returned a loss that is not a single floating-point element.</exception>
    /// <exception cref="TesseraFormatException">The checkpoint to resume from does not belong to this model, optimizer or seed.</exception>
    /// <exception cref="ObjectDisposedException">The trainer was disposed.</exception>
    public TrainingResult Fit<TBatch>(
        ITrainingTask<TBatch> task, Func<int, IRandom, IEnumerable<TBatch>> epochData,
        IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(epochData);
        ObjectDisposedException.ThrowIf(_disposed, this);

        var position = new CheckpointPosition(0, 0, 0, 0);
        var metrics = new MetricsLog();
        if (Options.Resume && CheckpointPath is { } existing && File.Exists(existing))
        {
            position = TrainingCheckpoint.Load(existing, _trainable, Buffers(), _optimizer, Options.Optimizer, Options.Seed);
            metrics = MetricsLog.ReadUpTo(MetricsPath!, position.Step);
        }
        else
        {
            torch.manual_seed(unchecked((long)Options.Seed));
        }
        var resumedFrom = position.Step;
        var step = position.Step;
        var epoch = position.Epoch;
        var batchInEpoch = position.BatchInEpoch;
        var clock = Stopwatch.StartNew();
        var cancelled = false;
        var root = new SeededRandom(Options.Seed);
        _model.train();

        while (epoch < Options.Epochs && !cancelled && !StepLimitReached(step))
        {
            using var batches = epochData(epoch, root.Stream((ulong)epoch)).GetEnumerator();
            var skip = batchInEpoch;
            var index = 0;
            var epochDone = false;
            while (true)
            {
                if (index >= skip && StepLimitReached(step))
                {
                    break;
                }
                if (index >= skip && cancellationToken.IsCancellationRequested)
                {
                    cancelled = true;
                    break;
                }
                var started = clock.Elapsed.TotalSeconds;
                using (torch.NewDisposeScope())
                {
                    if (!batches.MoveNext())
                    {
                        epochDone = true;
                        break;
                    }
                    if (index < skip)
                    {
                        index++;
                        continue;
                    }
                    var (loss, lr, gradNorm) = RunStep(task, batches.Current, step);
                    var samples = task.CountSamples(batches.Current);
                    index++;
                    step++;
                    var now = clock.Elapsed.TotalSeconds;
                    var row = new TrainingStepMetrics(step, epoch, loss, lr, gradNorm,
                        samples / Math.Max(now - started, 1e-9), position.ElapsedSeconds + now);
                    metrics.Add(row);
                    if (progress is not null && (step % Options.ReportEvery == 0 || step == 1))
                    {
                        progress.Report(new ProgressReport($"epoch {epoch + 1}/{Options.Epochs}", step, Options.MaxSteps, Describe(row)));
                    }
                }
                if (Options.CheckpointEvery > 0 && step % Options.CheckpointEvery == 0)
                {
                    Persist(metrics, new CheckpointPosition(step, epoch, index, position.ElapsedSeconds + clock.Elapsed.TotalSeconds));
                }
            }
            if (epochDone)
            {
                epoch++;
                batchInEpoch = 0;
            }
            else
            {
                batchInEpoch = index;
                break;
            }
        }

        var final = new CheckpointPosition(step, epoch, batchInEpoch, position.ElapsedSeconds + clock.Elapsed.TotalSeconds);
        Persist(metrics, final);
        return new TrainingResult(step, epoch, cancelled, resumedFrom, metrics.Rows.ToList(), CheckpointPath);
    }

    /// <summary>Disposes the optimizer and its state (not the model).</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _optimizer.Dispose();
            _disposed = true;
        }
    }

    private (double Loss, double LearningRate, double? GradNorm) RunStep<TBatch>(ITrainingTask<TBatch> task, TBatch batch, long step)
    {
        var factor = Options.Schedule.Factor(step);
        var i = 0;
        foreach (var group in _optimizer.ParamGroups)
        {
            group.LearningRate = Options.LearningRate * _groups[i++].LearningRateScale * factor;
        }
        _optimizer.zero_grad();
        var loss = task.ComputeLoss(batch) ?? throw new TesseraArgumentException(nameof(task), "ComputeLoss must return a tensor (got null)");
        Guard.That(loss.numel() == 1 && loss.is_floating_point(), nameof(task),
            $"ComputeLoss must return a single floating-point element (got {loss.dtype} [{string.Join(", ", loss.shape)}])");
        loss.backward();
        double? gradNorm = null;
        if (Options.MaxGradNorm is { } maxNorm)
        {
            gradNorm = torch.nn.utils.clip_grad_norm_(_trainable.Select(t => t.Parameter), maxNorm);
        }
        _optimizer.step();
        var value = loss.detach().to_type(ScalarType.Float64).item<double>();
        return (value, Options.LearningRate * _groups[0].LearningRateScale * factor, gradNorm);
    }

    private void Persist(MetricsLog metrics, CheckpointPosition position)
    {
        if (Options.OutputDirectory is null)
        {
            return;
        }
        TrainingCheckpoint.Save(CheckpointPath!, _trainable, Buffers(), _optimizer, Options.Optimizer, Options.Seed, position);
        metrics.WriteCsv(MetricsPath!);
    }

    private List<(string Name, Tensor Buffer)> Buffers() => _model.named_buffers().ToList();

    private bool StepLimitReached(long step) => Options.MaxSteps is { } max && step >= max;

    private static string Describe(TrainingStepMetrics row) => string.Create(CultureInfo.InvariantCulture,
        $"loss {row.Loss:0.####} · {row.SamplesPerSecond:0.#} samples/s · lr {row.LearningRate:0.###e+0}");

    private OptimizerHelper CreateOptimizer()
    {
        var o = Options;
        if (o.Optimizer == OptimizerKind.AdamW)
        {
            var groups = _groups.Select(g => new AdamW.ParamGroup(g.Parameters.Select(p => p.Parameter), new AdamW.Options
            {
                LearningRate = o.LearningRate * g.LearningRateScale,
                InitialLearningRate = o.LearningRate * g.LearningRateScale,
                beta1 = o.Beta1,
                beta2 = o.Beta2,
                eps = o.Epsilon,
                weight_decay = g.WeightDecay,
                amsgrad = false,
                maximize = false,
            })).ToList();
            return new AdamW(groups, o.LearningRate, o.Beta1, o.Beta2, o.Epsilon, 0, false, false);
        }
        var sgdGroups = _groups.Select(g => new SGD.ParamGroup(g.Parameters.Select(p => p.Parameter), new SGD.Options
        {
            LearningRate = o.LearningRate * g.LearningRateScale,
            InitialLearningRate = o.LearningRate * g.LearningRateScale,
            momentum = o.Momentum,
            dampening = 0,
            weight_decay = g.WeightDecay,
            nesterov = o.Nesterov,
            maximize = false,
        })).ToList();
        return new SGD(sgdGroups, o.LearningRate, o.Momentum, 0, 0, o.Nesterov, false);
    }

    private static void Validate(TrainerOptions o)
    {
        Guard.That(double.IsFinite(o.LearningRate) && o.LearningRate > 0, "options.LearningRate", $"must be positive and finite (got {o.LearningRate})");
        Guard.That(o.WeightDecay is null || (double.IsFinite(o.WeightDecay.Value) && o.WeightDecay >= 0), "options.WeightDecay", $"must be non-negative and finite (got {o.WeightDecay})");
        Guard.That(o.Momentum >= 0 && o.Momentum < 1, "options.Momentum", $"must lie in [0, 1) (got {o.Momentum})");
        Guard.That(!o.Nesterov || o.Momentum > 0, "options.Nesterov", "needs Momentum > 0");
        Guard.That(o.Beta1 >= 0 && o.Beta1 < 1, "options.Beta1", $"must lie in [0, 1) (got {o.Beta1})");
        Guard.That(o.Beta2 >= 0 && o.Beta2 < 1, "options.Beta2", $"must lie in [0, 1) (got {o.Beta2})");
        Guard.That(double.IsFinite(o.Epsilon) && o.Epsilon > 0, "options.Epsilon", $"must be positive and finite (got {o.Epsilon})");
        Guard.That(o.Schedule is not null, "options.Schedule", "must not be null");
        Guard.That(o.MaxGradNorm is null || (double.IsFinite(o.MaxGradNorm.Value) && o.MaxGradNorm > 0), "options.MaxGradNorm", $"must be positive and finite (got {o.MaxGradNorm})");
        Guard.That(o.Epochs > 0, "options.Epochs", $"must be positive (got {o.Epochs})");
        Guard.That(o.MaxSteps is null || o.MaxSteps >= 0, "options.MaxSteps", $"must be non-negative (got {o.MaxSteps})");
        Guard.That(o.CheckpointEvery >= 0, "options.CheckpointEvery", $"must be non-negative (got {o.CheckpointEvery})");
        Guard.That(o.ReportEvery > 0, "options.ReportEvery", $"must be positive (got {o.ReportEvery})");
        Guard.That(o.FrozenPrefixes is not null && o.FrozenPrefixes.All(p => !string.IsNullOrEmpty(p)), "options.FrozenPrefixes", "must not be null or hold empty prefixes");
        Guard.That(o.ParameterGroups is not null && o.ParameterGroups.All(g => g is not null && !string.IsNullOrEmpty(g.Prefix) && double.IsFinite(g.LearningRateScale) && g.LearningRateScale >= 0 && (g.WeightDecay is null || g.WeightDecay >= 0)),
            "options.ParameterGroups", "each rule needs a non-empty prefix, a finite non-negative LearningRateScale and a non-negative WeightDecay");
    }
}
