using System.Globalization;
using Tessera.Core.Errors;
using Tessera.Core.Progress;
using Tessera.Core.Random;
using Tessera.Nn.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Dense.SegFix;

/// <summary>
/// Trains a <see cref="SegFixNet"/> with the <see cref="Trainer"/> (AdamW, cosine schedule with warm-up, checkpoints that
/// resume, metrics.csv, loss.png) on <see cref="SegFixSample"/>s, and exports <c>segfix.safetensors</c> at the end.
/// </summary>
public static class SegFixTraining
{
    /// <summary>File name of the exported weights in the output folder.</summary>
    public const string WeightsFileName = "segfix.safetensors";

    /// <summary>Trains (or resumes from the output folder's checkpoint).</summary>
    /// <param name="net">The network (seed torch before building it for reproducible initial weights).</param>
    /// <param name="samples">Training samples; without a crop size they must all have the same size.</param>
    /// <param name="options">Settings; null = defaults.</param>
    /// <param name="progress">Step reports from the trainer; may be null.</param>
    /// <param name="cancellationToken">Stops after the current step, with a checkpoint.</param>
    /// <returns>The trainer's result and the exported weights' path (null without an output folder).</returns>
    /// <exception cref="TesseraArgumentException">No samples, mixed sizes without a crop, a crop larger than a sample, or bad options.</exception>
    public static (TrainingResult Result, string? WeightsPath) Train(SegFixNet net, IReadOnlyList<SegFixSample> samples, SegFixTrainingOptions? options = null,
        IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(samples);
        options ??= new SegFixTrainingOptions();
        options.Validate();
        Guard.That(samples.Count > 0, nameof(samples), "must hold at least one sample");
        var cropH = options.CropHeight ?? samples[0].Height;
        var cropW = options.CropWidth ?? samples[0].Width;
        foreach (var s in samples)
        {
            Guard.That(s.Height >= cropH && s.Width >= cropW, nameof(samples),
                $"sample '{s.Name}' ({s.Height}×{s.Width}) is smaller than the crop {cropH}×{cropW}; give a smaller crop");
            Guard.That(options.CropHeight is not null || (s.Height == cropH && s.Width == cropW), nameof(samples),
                $"sample '{s.Name}' is {s.Height}×{s.Width} but the first is {cropH}×{cropW}; give a crop size to train on mixed sizes");
        }
        var batchesPerEpoch = (samples.Count + options.BatchSize - 1) / options.BatchSize;
        var totalSteps = options.MaxSteps ?? ((long)options.Epochs * batchesPerEpoch);
        using var trainer = new Trainer(net, new TrainerOptions
        {
            Optimizer = OptimizerKind.AdamW,
            LearningRate = options.LearningRate,
            WeightDecay = options.WeightDecay,
            NoWeightDecayOnBiasAndNorm = true,
            Epochs = options.Epochs,
            MaxSteps = options.MaxSteps,
            Schedule = new CosineWarmupSchedule(Math.Min(20, Math.Max(1, totalSteps / 10)), Math.Max(1, totalSteps), 0.02),
            Seed = options.Seed,
            OutputDirectory = options.OutputDirectory,
            CheckpointEvery = options.CheckpointEvery,
            ReportEvery = 1,
        });
        var channels = net.Config.InChannels;
        IEnumerable<Batch> Epoch(int epoch, IRandom random)
        {
            _ = epoch;
            var order = Enumerable.Range(0, samples.Count).ToArray();
            for (var i = order.Length - 1; i > 0; i--)
            {
                var j = random.NextInt(0, i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
            for (var b = 0; b < batchesPerEpoch; b++)
            {
                var members = order.Skip(b * options.BatchSize).Take(options.BatchSize).ToArray();
                var crops = members.Select(m => (Top: random.NextInt(0, samples[m].Height - cropH + 1), Left: random.NextInt(0, samples[m].Width - cropW + 1))).ToArray();
                yield return MakeBatch(samples, members, crops, channels, cropH, cropW);
            }
        }
        var task = TrainingTask.FromDelegate<Batch>(
            b => SegFixLoss.Compute(net.forward(b.Input), b.Boundary, b.Direction).Total, b => (int)b.Input.shape[0]);
        var result = trainer.Fit(task, Epoch, progress, cancellationToken);
        string? weights = null;
        if (options.OutputDirectory is not null)
        {
            weights = Path.Combine(options.OutputDirectory, WeightsFileName);
            SegFixWeights.Save(weights, net, new Dictionary<string, string>
            {
                ["steps"] = result.Steps.ToString(CultureInfo.InvariantCulture),
                ["seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
                ["samples"] = samples.Count.ToString(CultureInfo.InvariantCulture),
                ["crop"] = $"{cropH}x{cropW}",
            });
        }
        return (result, weights);
    }

    /// <summary>One batch: normalised input [B, C, h, w] float32, boundary and direction targets [B, h, w] int64.</summary>
    internal sealed record Batch(Tensor Input, Tensor Boundary, Tensor Direction);

    internal static Batch MakeBatch(IReadOnlyList<SegFixSample> samples, int[] members, (int Top, int Left)[] crops, int channels, int h, int w)
    {
        var n = members.Length;
        var x = new float[n * channels * h * w];
        var boundary = new long[n * h * w];
        var direction = new long[n * h * w];
        for (var k = 0; k < n; k++)
        {
            var s = samples[members[k]];
            var (top, left) = crops[k];
            var plane = s.Height * s.Width;
            for (var c = 0; c < channels; c++)
            {
                for (var y = 0; y < h; y++)
                {
                    Array.Copy(s.Input, (c * plane) + ((top + y) * s.Width) + left, x, (((k * channels) + c) * h * w) + (y * w), w);
                }
            }
            for (var y = 0; y < h; y++)
            {
                for (var xx = 0; xx < w; xx++)
                {
                    var src = ((top + y) * s.Width) + left + xx;
                    var dst = (((k * h) + y) * w) + xx;
                    boundary[dst] = s.Boundary[src];
                    direction[dst] = s.Direction[src];
                }
            }
        }
        return new Batch(torch.tensor(x, [n, channels, h, w]), torch.tensor(boundary, [n, h, w]), torch.tensor(direction, [n, h, w]));
    }
}
