using Tessera.Core.Errors;
using Tessera.Core.Progress;
using Tessera.Diffusion.Models.UNet;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Diffusion.Segmentation;

/// <summary>
/// The same-label baseline of DDPM-segmentation: a diffusion UNet architecture with K output channels trained from
/// scratch, with pixel cross-entropy, on the same labelled images (timestep fixed at 0, so the time embedding is a
/// constant bias). It answers whether the diffusion pretraining, not the architecture, makes the few labels go far.
/// </summary>
public static class SupervisedUNet
{
    /// <summary>Trains a new network.</summary>
    /// <param name="architecture">The UNet shape (its output channels are replaced by <paramref name="numClasses"/>;
    /// dropout, class conditioning and channels are kept).</param>
    /// <param name="data">Labelled images (all are loaded once: this baseline is for a handful of small images).</param>
    /// <param name="numClasses">K.</param>
    /// <param name="options">Settings.</param>
    /// <param name="progress">One report per step.</param>
    /// <param name="cancellationToken">Checked per step.</param>
    /// <returns>The trained network (eval mode); the caller disposes it.</returns>
    /// <exception cref="TesseraArgumentException">No images, fewer than 2 classes, or labels outside [0, K) other than the ignore label.</exception>
    public static UNetModel Train(UNetConfig architecture, ILabelledImages data, int numClasses, SupervisedUNetOptions options,
        IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        Guard.That(data.Count > 0, nameof(data), "at least one labelled image is required");
        Guard.That(numClasses >= 2, nameof(numClasses), $"must be ≥ 2 (got {numClasses})");
        Guard.Positive(options.Steps);
        Guard.Positive(options.BatchSize);
        var images = new List<Tensor>();
        var labels = new List<Tensor>();
        try
        {
            for (var i = 0; i < data.Count; i++)
            {
                var (image, label) = data.Load(i);
                images.Add(image);
                labels.Add(label.to_type(ScalarType.Int64).unsqueeze(0));
                var valid = labels[^1].ne(options.IgnoreLabel);
                var bad = valid.logical_and(labels[^1].lt(0).logical_or(labels[^1].ge(numClasses))).any().item<bool>();
                Guard.That(!bad, nameof(data), $"labels must lie in [0, {numClasses}) or equal the ignore label {options.IgnoreLabel} (image {i})");
            }
            using var allImages = cat(images, 0);
            using var allLabels = cat(labels, 0);
            torch.manual_seed(options.Seed);
            var model = new UNetModel(architecture with { OutChannels = numClasses, NumClasses = null });
            model.train();
            using var generator = new Generator((ulong)options.Seed);
            using var optimizer = optim.AdamW(model.parameters(), options.LearningRate, weight_decay: 0);
            for (var step = 0; step < options.Steps; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var idx = randint(0, allImages.shape[0], [options.BatchSize], generator: generator);
                var x = allImages.index_select(0, idx);
                optimizer.zero_grad();
                var logits = model.Forward(x, zeros(options.BatchSize));
                var loss = nn.functional.cross_entropy(logits, allLabels.index_select(0, idx), ignore_index: options.IgnoreLabel);
                loss.backward();
                optimizer.step();
                progress?.Report(new ProgressReport("train", step + 1, options.Steps, FormattableString.Invariant($"loss {loss.item<float>():F4}")));
            }
            model.eval();
            return model;
        }
        finally
        {
            foreach (var t in images.Concat(labels)) { t.Dispose(); }
        }
    }

    /// <summary>Labels int64 [H, W] of one image [1, C, H, W] (argmax of the logits).</summary>
    /// <param name="model">A network from <see cref="Train"/>.</param>
    /// <param name="image">[1, C, H, W] in [−1, 1].</param>
    /// <returns>A new tensor.</returns>
    public static Tensor Segment(UNetModel model, Tensor image)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(image);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return model.Forward(image, zeros(image.shape[0])).argmax(1)[0].MoveToOuterDisposeScope();
    }
}
