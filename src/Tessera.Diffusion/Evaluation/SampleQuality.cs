using Tessera.Core.Errors;
using static TorchSharp.torch;

namespace Tessera.Diffusion.Evaluation;

/// <summary>Scores of a set of generated images under a <see cref="DigitClassifier"/>.</summary>
/// <param name="Count">Number of samples scored.</param>
/// <param name="FrechetDistance">Fréchet distance between the samples' penultimate features and the reference features.</param>
/// <param name="ConfidentShare">Share of samples whose top class probability is at least <paramref name="Threshold"/>
/// (the classifier's "confident accuracy" on unlabelled samples).</param>
/// <param name="Threshold">The probability threshold.</param>
/// <param name="MeanConfidence">Mean top class probability.</param>
/// <param name="Histogram">Samples per top class (all samples).</param>
/// <param name="ConfidentHistogram">Samples per top class among the confident ones.</param>
public sealed record SampleQualityReport(int Count, double FrechetDistance, double ConfidentShare, double Threshold, double MeanConfidence,
    IReadOnlyList<int> Histogram, IReadOnlyList<int> ConfidentHistogram);

/// <summary>Sample quality from a digit classifier: a Fréchet distance in its penultimate feature space and its
/// confident accuracy (share of samples it reads with top probability ≥ a threshold), with the class histogram.</summary>
public static class SampleQuality
{
    /// <summary>Penultimate features [N, D] and class probabilities [N, K] of images, without gradients, in batches.</summary>
    /// <param name="model">The classifier (put in eval mode by the caller).</param>
    /// <param name="images">[N, C, 32, 32] in [−1, 1].</param>
    /// <param name="batchSize">Images per forward pass.</param>
    /// <returns>New tensors.</returns>
    public static (Tensor Features, Tensor Probabilities) Embed(DigitClassifier model, Tensor images, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        Guard.Positive(batchSize);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var features = new List<Tensor>();
        var probabilities = new List<Tensor>();
        for (long start = 0; start < images.shape[0]; start += batchSize)
        {
            var f = model.Features(images.narrow(0, start, Math.Min(batchSize, images.shape[0] - start)));
            features.Add(f);
            probabilities.Add(nn.functional.softmax(model.Logits(f), 1));
        }
        return (cat(features, 0).MoveToOuterDisposeScope(), cat(probabilities, 0).MoveToOuterDisposeScope());
    }

    /// <summary>Scores samples against reference features (e.g. of real test digits).</summary>
    /// <param name="model">The classifier.</param>
    /// <param name="samples">[N, C, 32, 32] in [−1, 1], N ≥ 2.</param>
    /// <param name="referenceFeatures">[M, D] penultimate features of real images.</param>
    /// <param name="threshold">Top class probability needed to count as confident, in (0, 1].</param>
    /// <param name="batchSize">Images per forward pass.</param>
    /// <returns>The report.</returns>
    /// <exception cref="TesseraArgumentException">Threshold outside (0, 1] or fewer than two samples.</exception>
    public static SampleQualityReport Score(DigitClassifier model, Tensor samples, Tensor referenceFeatures, double threshold, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(samples);
        Guard.That(threshold > 0 && threshold <= 1, nameof(threshold), $"must be in (0, 1] (got {threshold})");
        Guard.That(samples.shape[0] >= 2, nameof(samples), "at least two samples are needed for a covariance");
        using var scope = NewDisposeScope();
        var (features, probabilities) = Embed(model, samples, batchSize);
        var fd = FrechetDistance.FromFeatures(features, referenceFeatures);
        var (top, classes) = probabilities.max(1);
        var confident = top.ge(threshold);
        var histogram = classes.bincount(null, model.Classes).data<long>().ToArray().Select(v => (int)v).ToArray();
        var confidentHistogram = classes.masked_select(confident).bincount(null, model.Classes).data<long>().ToArray().Select(v => (int)v).ToArray();
        return new SampleQualityReport((int)samples.shape[0], fd, confident.to_type(ScalarType.Float64).mean().item<double>(), threshold,
            top.to_type(ScalarType.Float64).mean().item<double>(), histogram, confidentHistogram);
    }
}
