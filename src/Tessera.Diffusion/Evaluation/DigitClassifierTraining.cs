using Tessera.Core.Errors;
using Tessera.Core.Progress;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Diffusion.Evaluation;

/// <summary>Settings of <see cref="DigitClassifierTraining.Train"/>.</summary>
public sealed record DigitClassifierTrainingOptions
{
    /// <summary>Optimiser steps.</summary>
    public int Steps { get; init; } = 1000;

    /// <summary>Images per step (drawn with replacement).</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>AdamW learning rate (constant).</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>AdamW weight decay.</summary>
    public double WeightDecay { get; init; } = 1e-4;

    /// <summary>Largest random shift in pixels (one shift per batch, rolled; 0 = none), so the reader tolerates
    /// off-centre samples.</summary>
    public int MaxShift { get; init; } = 2;

    /// <summary>Seed of the batches and the shifts.</summary>
    public long Seed { get; init; } = 1;
}

/// <summary>Trains and evaluates a <see cref="DigitClassifier"/> (cross-entropy, AdamW).</summary>
public static class DigitClassifierTraining
{
    /// <summary>Trains <paramref name="model"/> in place.</summary>
    /// <param name="model">The network, freshly built (seed its initial weights with <c>torch.manual_seed</c> before building it).</param>
    /// <param name="images">[N, C, 32, 32] in [−1, 1].</param>
    /// <param name="labels">int64 [N] in [0, classes).</param>
    /// <param name="options">Settings.</param>
    /// <param name="progress">One report per step (detail: the loss).</param>
    /// <param name="cancellationToken">Checked per step.</param>
    /// <returns>The loss of every step.</returns>
    /// <exception cref="TesseraArgumentException">Counts disagree or a label is out of range.</exception>
    public static IReadOnlyList<double> Train(DigitClassifier model, Tensor images, Tensor labels, DigitClassifierTrainingOptions options,
        IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(options);
        Guard.Positive(options.Steps);
        Guard.Positive(options.BatchSize);
        Guard.That(options.MaxShift >= 0, nameof(options), "MaxShift must be ≥ 0");
        Guard.That(labels.dim() == 1 && labels.shape[0] == images.shape[0], nameof(labels), "must be [N] with N the number of images");
        Guard.That(labels.min().item<long>() >= 0 && labels.max().item<long>() < model.Classes, nameof(labels), $"must lie in [0, {model.Classes})");
        var targets = labels.to_type(ScalarType.Int64);
        model.train();
        var losses = new List<double>(options.Steps);
        using var generator = new Generator((ulong)options.Seed);
        using var optimizer = optim.AdamW(model.parameters(), options.LearningRate, weight_decay: options.WeightDecay);
        var n = images.shape[0];
        for (var step = 0; step < options.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var idx = randint(0, n, [options.BatchSize], generator: generator);
            var x = images.index_select(0, idx);
            if (options.MaxShift > 0)
            {
                var shift = randint(-options.MaxShift, options.MaxShift + 1, [2], generator: generator).data<long>().ToArray();
                x = x.roll([shift[0], shift[1]], [2, 3]);
            }
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(model.forward(x), targets.index_select(0, idx));
            loss.backward();
            optimizer.step();
            var value = loss.item<float>();
            losses.Add(value);
            progress?.Report(new ProgressReport("train", step + 1, options.Steps, FormattableString.Invariant($"loss {value:F4}")));
        }
        model.eval();
        return losses;
    }

    /// <summary>Share of images whose top class is the label.</summary>
    /// <param name="model">The network.</param>
    /// <param name="images">[N, C, 32, 32] in [−1, 1].</param>
    /// <param name="labels">int64 [N].</param>
    /// <param name="batchSize">Images per forward pass.</param>
    /// <returns>Accuracy in [0, 1].</returns>
    public static double Accuracy(DigitClassifier model, Tensor images, Tensor labels, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        using var scope = NewDisposeScope();
        var (_, probabilities) = SampleQuality.Embed(model, images, batchSize);
        return probabilities.argmax(1).eq(labels.to_type(ScalarType.Int64)).to_type(ScalarType.Float64).mean().item<double>();
    }
}
