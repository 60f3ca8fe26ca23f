using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Tessera.Core.Errors;
using Tessera.Core.IO;
using Tessera.Core.Progress;
using Tessera.Core.Random;
using Tessera.Diffusion.Models.UNet;
using Tessera.Diffusion.Process;
using Tessera.Nn.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Diffusion.Training;

/// <summary>
/// Trains a diffusion UNet (improved-diffusion's <c>TrainLoop</c>, single process): draws t (uniformly or loss-aware),
/// computes <see cref="GaussianDiffusion.TrainingLosses"/> with fresh noise, minimises the importance-weighted mean with
/// AdamW, and updates an EMA of the weights. Every step's randomness comes from streams split off the seed by step
/// number, so a resumed run continues exactly as an uninterrupted one would.
/// </summary>
/// <remarks>
/// Checkpoint folder: <c>model.safetensors</c>, <c>ema.safetensors</c>, <c>optimizer.bin</c> (AdamW moments),
/// <c>loss-history.bin</c> (the loss-aware sampler's history, when it is used), <c>state.json</c> (step, seed) and
/// <c>metrics.csv</c>, each written atomically; state.json is written last, so a crash mid-checkpoint leaves the previous complete checkpoint usable.
/// </remarks>
public sealed class DiffusionTrainer : IDisposable
{
    private readonly UNetModel _model;
    private readonly UNetModel _ema;
    private readonly GaussianDiffusion _diffusion;
    private readonly TorchSharp.Modules.OptimizerHelper _optimizer;
    private readonly ExponentialMovingAverage _average;
    private readonly ITimestepSampler _sampler;
    private const string HistoryFile = "loss-history.bin";

    /// <summary>Creates the trainer (it does not own the models).</summary>
    /// <param name="model">The network to train.</param>
    /// <param name="ema">A network of the same configuration that receives the EMA weights (overwritten now).</param>
    /// <param name="diffusion">The training process (not respaced).</param>
    /// <param name="options">Settings.</param>
    /// <exception cref="TesseraArgumentException">An option is out of range or the models differ.</exception>
    public DiffusionTrainer(UNetModel model, UNetModel ema, GaussianDiffusion diffusion, DiffusionTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(ema);
        ArgumentNullException.ThrowIfNull(diffusion);
        ArgumentNullException.ThrowIfNull(options);
        Guard.Positive(options.BatchSize);
        Guard.That(options.LearningRate > 0, nameof(options), "LearningRate must be positive");
        Guard.That(options.CheckpointEvery >= 0, nameof(options), "CheckpointEvery must be ≥ 0");
        _model = model;
        _ema = ema;
        _diffusion = diffusion;
        Options = options;
        _optimizer = optim.AdamW(model.parameters(), options.LearningRate, weight_decay: options.WeightDecay);
        _average = new ExponentialMovingAverage(ema, model, options.EmaRate);
        _sampler = options.LossAwareSampling ? new LossAwareTimestepSampler(diffusion.NumTimesteps) : new UniformTimestepSampler(diffusion.NumTimesteps);
    }

    /// <summary>The settings.</summary>
    public DiffusionTrainingOptions Options { get; }

    /// <summary>The current timestep weights of the sampler (all 1 for uniform sampling; loss-aware once warmed up).</summary>
    /// <returns>T weights.</returns>
    public double[] TimestepWeights() => _sampler.Weights();

    /// <summary>Trains until <paramref name="totalSteps"/> global steps are done or the token is cancelled.</summary>
    /// <param name="batches">Returns step s's batch: images [N, C, H, W] in [−1, 1] and, for a class-conditional model,
    /// int64 labels [N] (else null). It receives a random stream dedicated to that step.</param>
    /// <param name="totalSteps">Global step to stop at.</param>
    /// <param name="checkpointDirectory">Folder for checkpoints and metrics (resumed from when it holds one), or null.</param>
    /// <param name="progress">One report per step.</param>
    /// <param name="cancellationToken">Stops after the step in flight, writing a checkpoint.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="TesseraFormatException">The checkpoint folder holds a run with another seed.</exception>
    public DiffusionTrainingResult Run(Func<long, IRandom, (Tensor Images, Tensor? Labels)> batches, long totalSteps, string? checkpointDirectory = null,
        IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batches);
        var metrics = new List<DiffusionStepMetrics>();
        long step = 0;
        if (checkpointDirectory is not null && File.Exists(Path.Combine(checkpointDirectory, "state.json")))
        {
            step = Restore(checkpointDirectory, metrics);
        }
        var resumedFrom = step;
        var root = new SeededRandom(Options.Seed);
        var cancelled = false;
        _model.train();
        while (step < totalSteps)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                cancelled = true;
                break;
            }
            var clock = Stopwatch.StartNew();
            var random = root.Stream((ulong)step);
            using (var scope = NewDisposeScope())
            {
                var (images, labels) = batches(step, random);
                var (ts, weights) = _sampler.Sample((int)images.shape[0], random);
                var t = tensor(ts);
                var w = tensor(weights);
                Tensor noise;
                using (var g = new Generator(unchecked((ulong)random.NextUInt64() >> 1)))
                {
                    noise = randn(images.shape, ScalarType.Float32, generator: g);
                }
                Denoiser model = labels is null ? (x, mt) => _model.Forward(x, mt) : (x, mt) => _model.Forward(x, mt, labels);
                var terms = _diffusion.TrainingLosses(model, images, t, noise);
                var loss = (terms.Loss * w).mean();
                _optimizer.zero_grad();
                loss.backward();
                _optimizer.step();
                _average.Update();
                _sampler.Update(ts, [.. terms.Loss.detach().data<float>().ToArray().Select(v => (double)v)]);
                step++;
                var row = new DiffusionStepMetrics(step, loss.item<float>(), terms.Mse is null ? double.NaN : terms.Mse.mean().item<float>(),
                    terms.Vb is null ? double.NaN : terms.Vb.mean().item<float>(), clock.Elapsed.TotalSeconds);
                metrics.Add(row);
                progress?.Report(new ProgressReport("train", step, totalSteps, ProgressDetail(row)));
            }
            if (checkpointDirectory is not null && Options.CheckpointEvery > 0 && step % Options.CheckpointEvery == 0 && step < totalSteps)
            {
                Save(checkpointDirectory, step, metrics);
            }
        }
        _model.eval();
        if (checkpointDirectory is not null) { Save(checkpointDirectory, step, metrics); }
        return new DiffusionTrainingResult(step, resumedFrom, cancelled, metrics);
    }

    /// <summary>The progress text of one step; a loss term the loss type does not compute (NaN) is left out, so an
    /// L_simple run does not print "vb NaN" that reads like a diverged run.</summary>
    internal static string ProgressDetail(DiffusionStepMetrics row)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"loss {row.Loss:F4}");
        if (!double.IsNaN(row.Mse)) { text += string.Create(CultureInfo.InvariantCulture, $" mse {row.Mse:F4}"); }
        if (!double.IsNaN(row.Vb)) { text += string.Create(CultureInfo.InvariantCulture, $" vb {row.Vb:F4}"); }
        return text;
    }

    private void Save(string directory, long step, List<DiffusionStepMetrics> metrics)
    {
        Directory.CreateDirectory(directory);
        var meta = new Dictionary<string, string> { ["step"] = step.ToString(CultureInfo.InvariantCulture) };
        CheckpointWriter.Save(Path.Combine(directory, "model.safetensors"), _model, meta);
        CheckpointWriter.Save(Path.Combine(directory, "ema.safetensors"), _ema, meta);
        AtomicFile.Write(Path.Combine(directory, "optimizer.bin"), s =>
        {
            using var writer = new BinaryWriter(s, Encoding.UTF8, leaveOpen: true);
            _optimizer.save_state_dict(writer);
        });
        var csv = new StringBuilder("step,loss,mse,vb,seconds\n");
        foreach (var m in metrics)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{m.Step},{m.Loss:R},{m.Mse:R},{m.Vb:R},{m.Seconds:R}\n");
        }
        AtomicFile.WriteAllText(Path.Combine(directory, "metrics.csv"), csv.ToString());
        if (_sampler is LossAwareTimestepSampler lossAware)
        {
            AtomicFile.Write(Path.Combine(directory, HistoryFile), lossAware.WriteHistory);
        }
        var history = _sampler is LossAwareTimestepSampler ? "loss-aware" : "uniform";
        var state = new Dictionary<string, object> { ["format"] = "tessera-diffusion-train/1", ["step"] = step, ["seed"] = Options.Seed, ["sampler"] = history };
        AtomicFile.WriteAllText(Path.Combine(directory, "state.json"), JsonSerializer.Serialize(state));
    }

    private long Restore(string directory, List<DiffusionStepMetrics> metrics)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(directory, "state.json")));
        var seed = doc.RootElement.GetProperty("seed").GetUInt64();
        if (seed != Options.Seed)
        {
            throw new TesseraFormatException(Path.Combine(directory, "state.json"), null, $"the checkpoint was trained with seed {seed}, not {Options.Seed}");
        }
        var step = doc.RootElement.GetProperty("step").GetInt64();
        using (var weights = CheckpointReader.Read(Path.Combine(directory, "model.safetensors"))) { StateDictLoader.Load(_model, weights); }
        using (var weights = CheckpointReader.Read(Path.Combine(directory, "ema.safetensors"))) { StateDictLoader.Load(_ema, weights); }
        using (var stream = File.OpenRead(Path.Combine(directory, "optimizer.bin")))
        using (var reader = new BinaryReader(stream))
        {
            _optimizer.load_state_dict(reader);
        }
        var sampler = doc.RootElement.TryGetProperty("sampler", out var kind) ? kind.GetString() : "uniform";
        if (_sampler is LossAwareTimestepSampler lossAware)
        {
            var path = Path.Combine(directory, HistoryFile);
            if (sampler != "loss-aware" || !File.Exists(path))
            {
                throw new TesseraFormatException(Path.Combine(directory, "state.json"), null, "the checkpoint was trained with uniform timestep sampling, not loss-aware");
            }
            using var stream = File.OpenRead(path);
            lossAware.ReadHistory(stream, path);
        }
        else if (sampler == "loss-aware")
        {
            throw new TesseraFormatException(Path.Combine(directory, "state.json"), null, "the checkpoint was trained with loss-aware timestep sampling, not uniform");
        }
        foreach (var line in File.ReadLines(Path.Combine(directory, "metrics.csv")).Skip(1))
        {
            var f = line.Split(',');
            var m = new DiffusionStepMetrics(long.Parse(f[0], CultureInfo.InvariantCulture), double.Parse(f[1], CultureInfo.InvariantCulture),
                double.Parse(f[2], CultureInfo.InvariantCulture), double.Parse(f[3], CultureInfo.InvariantCulture), double.Parse(f[4], CultureInfo.InvariantCulture));
            if (m.Step <= step) { metrics.Add(m); }
        }
        return step;
    }

    /// <summary>Disposes the optimizer (not the models).</summary>
    public void Dispose() => _optimizer.Dispose();
}
