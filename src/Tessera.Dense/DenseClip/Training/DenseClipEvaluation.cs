using Tessera.Core.Errors;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Dense.DenseClip.Training;

/// <summary>Semantic-segmentation scores: per-class IoU from a confusion matrix, their mean over the classes present,
/// pixel accuracy.</summary>
/// <param name="ClassIoU">IoU per class (NaN where the class is neither predicted nor present).</param>
/// <param name="MeanIoU">Mean of the finite class IoUs.</param>
/// <param name="PixelAccuracy">Correct pixels / scored pixels.</param>
public sealed record SegmentationScores(IReadOnlyList<double> ClassIoU, double MeanIoU, double PixelAccuracy);

/// <summary>Predicts and scores a <see cref="DenseClipSegmentor"/>.</summary>
public static class DenseClipEvaluation
{
    /// <summary>Arg-max labels at the label size, per sample (row-major bytes).</summary>
    /// <param name="segmentor">The model (put in eval mode).</param>
    /// <param name="samples">The samples.</param>
    /// <param name="batchSize">Samples per forward pass.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <returns>One label array per sample.</returns>
    public static IReadOnlyList<byte[]> Predict(DenseClipSegmentor segmentor, SegmentationSamples samples, int batchSize = 32, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(segmentor);
        ArgumentNullException.ThrowIfNull(samples);
        Guard.Positive(batchSize);
        segmentor.eval();
        var h = samples.Labels.shape[1];
        var w = samples.Labels.shape[2];
        var result = new List<byte[]>(samples.Count);
        using var noGrad = torch.no_grad();
        for (var s = 0; s < samples.Count; s += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = torch.NewDisposeScope();
            var n = Math.Min(batchSize, samples.Count - s);
            var (logits, _) = segmentor.forward(samples.Images.narrow(0, s, n));
            var up = nn.functional.interpolate(logits, [h, w], mode: InterpolationMode.Bilinear, align_corners: false);
            var labels = up.argmax(1).to(ScalarType.Byte).reshape(n, -1).contiguous();
            var flat = labels.data<byte>().ToArray();
            for (var k = 0; k < n; k++) { result.Add(flat.AsSpan((int)(k * h * w), (int)(h * w)).ToArray()); }
        }
        return result;
    }

    /// <summary>Scores predictions against the samples' labels (pixels labelled 255 skipped).</summary>
    /// <param name="predictions">Per sample, labels.</param>
    /// <param name="samples">The samples.</param>
    /// <param name="classes">Number of classes.</param>
    /// <returns>The scores.</returns>
    public static SegmentationScores Score(IReadOnlyList<byte[]> predictions, SegmentationSamples samples, int classes)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(samples);
        Guard.That(predictions.Count == samples.Count, nameof(predictions), $"holds {predictions.Count} predictions for {samples.Count} samples");
        var truth = samples.Labels.reshape(samples.Count, -1).contiguous().data<long>().ToArray();
        var plane = truth.Length / samples.Count;
        var confusion = new long[classes, classes];
        long correct = 0, scored = 0;
        for (var s = 0; s < predictions.Count; s++)
        {
            Guard.That(predictions[s].Length == plane, nameof(predictions), $"sample {s} has {predictions[s].Length} labels, expected {plane}");
            for (var i = 0; i < plane; i++)
            {
                var t = truth[(s * plane) + i];
                if (t == 255) { continue; }
                var p = predictions[s][i];
                if (p >= classes || t >= classes) { continue; }
                confusion[t, p]++;
                scored++;
                if (t == p) { correct++; }
            }
        }
        var iou = new double[classes];
        for (var c = 0; c < classes; c++)
        {
            long tp = confusion[c, c], fp = 0, fn = 0;
            for (var k = 0; k < classes; k++)
            {
                if (k == c) { continue; }
                fp += confusion[k, c];
                fn += confusion[c, k];
            }
            var union = tp + fp + fn;
            iou[c] = union == 0 ? double.NaN : tp / (double)union;
        }
        var finite = iou.Where(double.IsFinite).ToList();
        return new SegmentationScores(iou, finite.Count == 0 ? double.NaN : finite.Average(), scored == 0 ? double.NaN : correct / (double)scored);
    }
}
