using Tessera.Core.Errors;
using Tessera.Core.Progress;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Diffusion.Segmentation;

/// <summary>
/// Label-efficient segmentation with diffusion features (Baranchuk et al., ddpm-segmentation): trains an ensemble of
/// pixel classifiers on a handful of labelled images and segments new images with it. Memory stays bounded: features
/// exist for one image at a time and are consumed in pixel batches (the reference holds the whole training set's
/// features, ~210 GB for 50 images at 256²).
/// </summary>
public static class PixelSegmenter
{
    /// <summary>Trains the ensemble.</summary>
    /// <param name="extractor">Feature extractor over a trained UNet.</param>
    /// <param name="data">Labelled images.</param>
    /// <param name="numClasses">K.</param>
    /// <param name="options">Training settings.</param>
    /// <param name="progress">One report per image and epoch.</param>
    /// <param name="cancellationToken">Checked per image.</param>
    /// <returns>The trained ensemble (eval mode).</returns>
    /// <exception cref="TesseraArgumentException">No images, fewer than 2 classes, or a label outside [0, K) that is not the ignore label.</exception>
    public static PixelEnsemble Train(DdpmFeatureExtractor extractor, ILabelledImages data, int numClasses, PixelClassifierTrainingOptions options,
        IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        Guard.That(data.Count > 0, nameof(data), "at least one labelled image is required");
        Guard.Positive(options.Members);
        Guard.Positive(options.Epochs);
        Guard.Positive(options.PixelBatch);
        var dim = extractor.FeatureDim;
        var members = new List<PixelClassifier>();
        var optimizers = new List<optim.Optimizer>();
        for (var m = 0; m < options.Members; m++)
        {
            var c = new PixelClassifier(numClasses, dim);
            c.InitWeights(options.Seed + m);
            c.train();
            members.Add(c);
            optimizers.Add(optim.Adam(c.parameters(), options.LearningRate));
        }
        using var generator = new Generator((ulong)options.Seed);
        var total = (long)options.Epochs * data.Count;
        long done = 0;
        try
        {
            for (var epoch = 0; epoch < options.Epochs; epoch++)
            {
                var order = randperm(data.Count, generator: generator).data<long>().ToArray();
                foreach (var index in order)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    using var scope = NewDisposeScope();
                    var (image, labels) = data.Load((int)index);
                    var (pixels, targets) = TrainingPixels(extractor, image, labels, numClasses, options);
                    var count = pixels.shape[0];
                    foreach (var (member, optimizer) in members.Zip(optimizers))
                    {
                        var perm = randperm(count, generator: generator);
                        for (long start = 0; start + 1 < count; start += options.PixelBatch)
                        {
                            using var step = NewDisposeScope();
                            // BatchNorm needs at least two pixels per batch
                            var idx = perm.narrow(0, start, Math.Min(count - start, options.PixelBatch));
                            if (idx.shape[0] < 2) { break; }
                            optimizer.zero_grad();
                            var loss = nn.functional.cross_entropy(member.forward(pixels.index_select(0, idx)), targets.index_select(0, idx));
                            loss.backward();
                            optimizer.step();
                        }
                    }
                    progress?.Report(new ProgressReport($"epoch {epoch + 1}/{options.Epochs}", ++done, total));
                }
            }
        }
        finally
        {
            foreach (var o in optimizers) { o.Dispose(); }
        }
        foreach (var m in members) { m.eval(); }
        return new PixelEnsemble(members);
    }

    /// <summary>Segments one image, in pixel batches.</summary>
    /// <param name="extractor">Feature extractor.</param>
    /// <param name="ensemble">Trained ensemble.</param>
    /// <param name="image">[1, C, H, W] in [−1, 1].</param>
    /// <param name="pixelBatch">Pixels classified per batch.</param>
    /// <returns>Labels, disagreement map and uncertainty score (new tensors).</returns>
    public static ImageSegmentation Segment(DdpmFeatureExtractor extractor, PixelEnsemble ensemble, Tensor image, int pixelBatch = 65536)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        ArgumentNullException.ThrowIfNull(ensemble);
        ArgumentNullException.ThrowIfNull(image);
        Guard.Positive(pixelBatch);
        using var scope = NewDisposeScope();
        var h = image.shape[2];
        var w = image.shape[3];
        var features = extractor.Features(image);
        var pixels = features.reshape(features.shape[0], -1).permute(1, 0);
        var labels = new List<Tensor>();
        var js = new List<Tensor>();
        for (long start = 0; start < pixels.shape[0]; start += pixelBatch)
        {
            using var p = ensemble.Predict(pixels.narrow(0, start, Math.Min(pixels.shape[0] - start, pixelBatch)));
            labels.Add(p.Labels.clone());
            js.Add(p.Js.clone());
        }
        var allJs = cat(js, 0);
        var k = Math.Max(1, (int)(allJs.shape[0] / 10));
        var uncertainty = allJs.sort(0).Values[^k..].mean().item<float>();
        return new ImageSegmentation(cat(labels, 0).reshape(h, w).MoveToOuterDisposeScope(), allJs.reshape(h, w).MoveToOuterDisposeScope(), uncertainty);
    }

    /// <summary>The image's labelled pixels as rows [P, D] with targets [P] (rare classes and the ignore label removed).</summary>
    private static (Tensor Pixels, Tensor Targets) TrainingPixels(DdpmFeatureExtractor extractor, Tensor image, Tensor labels, int numClasses,
        PixelClassifierTrainingOptions options)
    {
        using var noGrad = no_grad();
        var features = extractor.Features(image);
        var flat = labels.reshape(-1).to_type(ScalarType.Int64).clone();
        for (var c = 0; c < numClasses; c++)
        {
            var n = flat.eq(c).sum().item<long>();
            if (n > 0 && n < options.MinLabelPixels) { flat.masked_fill_(flat.eq(c), options.IgnoreLabel); }
        }
        var valid = flat.ne(options.IgnoreLabel);
        var bad = valid.logical_and(flat.lt(0).logical_or(flat.ge(numClasses))).any().item<bool>();
        Guard.That(!bad, nameof(labels), $"labels must lie in [0, {numClasses}) or equal the ignore label {options.IgnoreLabel}");
        var keep = valid.nonzero().squeeze(1);
        var pixels = features.reshape(features.shape[0], -1).permute(1, 0).index_select(0, keep).contiguous();
        return (pixels, flat.index_select(0, keep));
    }
}
