using Tessera.Core.Errors;
using Tessera.Core.Progress;
using Tessera.Core.Random;
using Tessera.Nn.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Prompting.Training;

/// <summary>
/// Trains a prompt model (any module whose own parameters are the trainable ones, e.g. a <c>VptClassifier</c> or a
/// <c>CoopClassifier</c>) with cross-entropy on an in-memory labelled set, through Tessera.Nn's <see cref="Trainer"/>
/// (checkpoints, resume, cancellation with a final checkpoint). The frozen backbone is not a parameter of the model,
/// so no optimizer state or gradient is kept for it.
/// </summary>
public static class PromptTraining
{
    /// <summary>Runs the training loop.</summary>
    /// <param name="model">The model; trained in place.</param>
    /// <param name="images">Images <c>[N, 3, S, S]</c>.</param>
    /// <param name="labels">Labels <c>[N]</c> int64.</param>
    /// <param name="options">Trainer settings (optimizer, learning rate, epochs, output folder for checkpoints, seed).</param>
    /// <param name="batchSize">Samples per step.</param>
    /// <param name="progress">Per-step reports; may be null.</param>
    /// <param name="cancellationToken">Stops after the current step (with a checkpoint when an output folder is set).</param>
    /// <returns>The trainer's outcome.</returns>
    /// <exception cref="TesseraArgumentException">The data do not match or the batch size is not positive.</exception>
    public static TrainingResult Train(nn.Module<Tensor, Tensor> model, Tensor images, Tensor labels, TrainerOptions options, int batchSize = 32,
        IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(options);
        Guard.Positive(batchSize);
        Guard.That(images.dim() == 4 && labels.dim() == 1 && images.shape[0] == labels.shape[0], nameof(labels),
            $"must hold one label per image (images [{string.Join(", ", images.shape)}], labels [{string.Join(", ", labels.shape)}])");
        var n = (int)images.shape[0];
        var targets = labels.to(ScalarType.Int64);
        using var trainer = new Trainer(model, options);
        model.train();
        IEnumerable<long[]> Epoch(int epoch, IRandom random)
        {
            var order = Enumerable.Range(0, n).ToArray();
            for (var i = n - 1; i > 0; i--)
            {
                var j = random.NextInt(0, i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
            for (var start = 0; start < n; start += batchSize)
            {
                yield return [.. order.Skip(start).Take(batchSize).Select(i => (long)i)];
            }
        }
        Tensor Loss(long[] batch)
        {
            var index = torch.tensor(batch);
            return nn.functional.cross_entropy(model.forward(images.index_select(0, index)), targets.index_select(0, index));
        }
        var result = trainer.Fit<long[]>(Loss, Epoch, progress, cancellationToken);
        model.eval();
        return result;
    }

    /// <summary>Top-1 accuracy of a model on a labelled set (eval mode, no gradients, in batches).</summary>
    /// <param name="model">The model.</param>
    /// <param name="images">Images <c>[N, 3, S, S]</c>.</param>
    /// <param name="labels">Labels <c>[N]</c>.</param>
    /// <param name="batchSize">Samples per forward.</param>
    /// <returns>Accuracy in [0, 1].</returns>
    public static double Accuracy(nn.Module<Tensor, Tensor> model, Tensor images, Tensor labels, int batchSize = 64)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        Guard.Positive(batchSize);
        model.eval();
        using var noGrad = torch.no_grad();
        long correct = 0;
        var n = images.shape[0];
        for (long start = 0; start < n; start += batchSize)
        {
            using var scope = torch.NewDisposeScope();
            var count = Math.Min(batchSize, n - start);
            var predicted = model.forward(images.narrow(0, start, count)).argmax(-1);
            correct += predicted.eq(labels.narrow(0, start, count).to(ScalarType.Int64)).sum().item<long>();
        }
        return n == 0 ? 0 : (double)correct / n;
    }
}
