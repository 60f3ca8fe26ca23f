using Tessera.Core.Errors;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Dense.ClipSeg.Training;

/// <summary>
/// Evaluates a CLIPSeg model on referring-segmentation samples: probabilities by text, visual or mixed conditional
/// vectors (<see cref="Predict"/>) and their scores (<see cref="Score"/>: mIoU, foreground IoU, AP).
/// </summary>
/// <remarks>Upstream picks, per metric, the best of a fixed grid of thresholds; here the threshold is given (0.5 by
/// default), which is stricter.</remarks>
public static class ClipSegEvaluation
{
    /// <summary>Sigmoid probabilities <c>S·S</c> (row-major) of the given samples.</summary>
    /// <param name="model">The model (put in eval mode here).</param>
    /// <param name="bank">The data's conditional vectors.</param>
    /// <param name="data">The samples.</param>
    /// <param name="samples">Which samples.</param>
    /// <param name="textWeight">w of <c>w·text + (1 − w)·visual</c>: 1 = text prompt, 0 = visual prompt.</param>
    /// <param name="examples">For each of <paramref name="samples"/>, the sample whose visual vector is the example
    /// (needed when <paramref name="textWeight"/> is below 1); null = the sample itself.</param>
    /// <param name="template">Which of the bank's templates.</param>
    /// <param name="batchSize">Samples per forward pass.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <returns>One array per sample.</returns>
    public static IReadOnlyList<float[]> Predict(ClipSegModel model, ClipSegPromptBank bank, ClipSegDataset data, IReadOnlyList<int> samples,
        double textWeight = 1, IReadOnlyList<int>? examples = null, int template = 0, int batchSize = 32, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(bank);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(samples);
        Guard.That(textWeight is >= 0 and <= 1, nameof(textWeight), $"must lie in [0, 1] (got {textWeight})");
        Guard.That(examples is null || examples.Count == samples.Count, nameof(examples), "must hold one example per sample");
        Guard.Positive(batchSize);
        model.Decoder.eval();
        var result = new List<float[]>(samples.Count);
        using var noGrad = torch.no_grad();
        for (var s = 0; s < samples.Count; s += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = torch.NewDisposeScope();
            var members = samples.Skip(s).Take(batchSize).ToArray();
            var ex = (examples is null ? members : examples.Skip(s).Take(batchSize).ToArray()).Select(i => (long)i).ToArray();
            var images = data.Images.index_select(0, torch.tensor(members.Select(i => (long)data.ImageOf[i]).ToArray()));
            var phrases = torch.tensor(members.Select(i => (long)bank.PhraseOf[i]).ToArray());
            var text = bank.TextVectors[template].index_select(0, phrases);
            var visual = bank.VisualVectors.index_select(0, torch.tensor(ex));
            var cond = ClipSegModel.Mix(text, visual, torch.full(members.Length, textWeight, ScalarType.Float32));
            var probs = torch.sigmoid(model.Predict(images, cond)).reshape(members.Length, -1).contiguous();
            var flat = probs.data<float>().ToArray();
            var plane = (int)probs.shape[1];
            for (var k = 0; k < members.Length; k++) { result.Add(flat.AsSpan(k * plane, plane).ToArray()); }
        }
        return result;
    }

    /// <summary>The targets of the given samples as 0/1 arrays <c>S·S</c>.</summary>
    /// <param name="data">The samples.</param>
    /// <param name="samples">Which samples.</param>
    /// <returns>One array per sample.</returns>
    public static IReadOnlyList<byte[]> Targets(ClipSegDataset data, IReadOnlyList<int> samples)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(samples);
        return samples.Select(i =>
        {
            using var m = data.Masks[i].reshape(-1).contiguous();
            return m.data<float>().ToArray().Select(v => v > 0.5f ? (byte)1 : (byte)0).ToArray();
        }).ToList();
    }

    /// <summary>Scores probabilities against 0/1 targets.</summary>
    /// <param name="probabilities">Per sample, probabilities in [0, 1].</param>
    /// <param name="targets">Per sample, 0/1 targets of the same length.</param>
    /// <param name="threshold">A pixel is predicted foreground when its probability exceeds this.</param>
    /// <returns>The scores (NaN IoU for an empty union; NaN AP without positive pixels).</returns>
    /// <exception cref="TesseraArgumentException">Counts or lengths differ.</exception>
    public static ClipSegMetrics Score(IReadOnlyList<float[]> probabilities, IReadOnlyList<byte[]> targets, double threshold = 0.5)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(targets);
        Guard.That(probabilities.Count == targets.Count, nameof(targets), $"holds {targets.Count} masks for {probabilities.Count} predictions");
        long fgI = 0, fgU = 0, bgI = 0, bgU = 0;
        var total = 0;
        for (var s = 0; s < probabilities.Count; s++)
        {
            var p = probabilities[s];
            var t = targets[s];
            Guard.That(p.Length == t.Length, nameof(targets), $"sample {s}: {t.Length} target pixels for {p.Length} predictions");
            total += p.Length;
            for (var i = 0; i < p.Length; i++)
            {
                var pred = p[i] > threshold;
                var truth = t[i] != 0;
                if (pred && truth) { fgI++; }
                if (pred || truth) { fgU++; }
                if (!pred && !truth) { bgI++; }
                if (!pred || !truth) { bgU++; }
            }
        }
        var fg = fgU == 0 ? double.NaN : fgI / (double)fgU;
        var bg = bgU == 0 ? double.NaN : bgI / (double)bgU;
        return new ClipSegMetrics(probabilities.Count, (fg + bg) / 2, fg, bg, AveragePrecision(probabilities, targets, total), threshold);
    }

    /// <summary>Scores at the best threshold of a fixed grid (<c>k / (steps + 1)</c>, k = 1 … steps), the one with the
    /// highest foreground IoU over the set, as upstream's <c>FixedIntervalMetrics</c> reports its best foreground IoU;
    /// AP does not depend on the threshold.</summary>
    /// <param name="probabilities">Per sample, probabilities in [0, 1].</param>
    /// <param name="targets">Per sample, 0/1 targets of the same length.</param>
    /// <param name="steps">Number of thresholds in the grid (19: 0.05, 0.10, …, 0.95).</param>
    /// <returns>The scores, <see cref="ClipSegMetrics.Threshold"/> being the chosen threshold.</returns>
    public static ClipSegMetrics ScoreBestThreshold(IReadOnlyList<float[]> probabilities, IReadOnlyList<byte[]> targets, int steps = 19)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(targets);
        Guard.Positive(steps);
        // Counts of positive and negative pixels per grid cell: cell k holds the pixels above exactly k grid thresholds.
        var positives = new long[steps + 1];
        var negatives = new long[steps + 1];
        for (var s = 0; s < probabilities.Count; s++)
        {
            var p = probabilities[s];
            var t = targets[s];
            Guard.That(p.Length == t.Length, nameof(targets), $"sample {s}: {t.Length} target pixels for {p.Length} predictions");
            for (var i = 0; i < p.Length; i++)
            {
                // cell = how many grid thresholds lie strictly below p, with the comparison Score makes (p > θ in double).
                double v = p[i];
                var cell = Math.Clamp((int)Math.Floor(v * (steps + 1)), 0, steps);
                while (cell > 0 && !(v > cell / (double)(steps + 1))) { cell--; }
                while (cell < steps && v > (cell + 1) / (double)(steps + 1)) { cell++; }
                if (t[i] != 0) { positives[cell]++; } else { negatives[cell]++; }
            }
        }
        var best = 1;
        var bestIoU = double.NegativeInfinity;
        var totalPositive = positives.Sum();
        for (var k = 1; k <= steps; k++)
        {
            long tp = 0, fp = 0;
            for (var c = k; c <= steps; c++)
            {
                tp += positives[c];
                fp += negatives[c];
            }
            var union = totalPositive + fp;
            var iou = union == 0 ? 0 : tp / (double)union;
            if (iou > bestIoU)
            {
                bestIoU = iou;
                best = k;
            }
        }
        return Score(probabilities, targets, best / (double)(steps + 1));
    }

    /// <summary>Average precision Σₙ (Rₙ − Rₙ₋₁) Pₙ over the distinct scores in decreasing order (ties form one step),
    /// as scikit-learn's <c>average_precision_score</c>.</summary>
    private static double AveragePrecision(IReadOnlyList<float[]> probabilities, IReadOnlyList<byte[]> targets, int total)
    {
        var scores = new float[total];
        var labels = new byte[total];
        var at = 0;
        for (var s = 0; s < probabilities.Count; s++)
        {
            probabilities[s].CopyTo(scores, at);
            targets[s].CopyTo(labels, at);
            at += probabilities[s].Length;
        }
        var positives = labels.Count(l => l != 0);
        if (positives == 0) { return double.NaN; }
        var order = Enumerable.Range(0, total).ToArray();
        Array.Sort(scores.Select(v => -v).ToArray(), order);
        double ap = 0, tp = 0, seen = 0, lastRecall = 0;
        for (var k = 0; k < total; k++)
        {
            var i = order[k];
            seen++;
            if (labels[i] != 0) { tp++; }
            if (k + 1 < total && scores[order[k + 1]] == scores[i]) { continue; }
            var recall = tp / positives;
            ap += (recall - lastRecall) * (tp / seen);
            lastRecall = recall;
        }
        return ap;
    }
}
