using Tessera.Core.Errors;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Diffusion.Segmentation;

/// <summary>
/// An ensemble of <see cref="PixelClassifier"/>s that predicts by majority vote and measures its disagreement
/// (ddpm-segmentation's <c>predict_labels</c>): member entropies, the entropy of the mean softmax, their difference
/// (Jensen–Shannon) per pixel, and the mean of the top 10 % as the image's uncertainty.
/// </summary>
public sealed class PixelEnsemble : IDisposable
{
    private readonly PixelClassifier[] _members;

    /// <summary>Wraps trained members (the ensemble owns and disposes them).</summary>
    /// <param name="members">At least one classifier, all with the same K and D.</param>
    /// <exception cref="TesseraArgumentException">No members, or sizes disagree.</exception>
    public PixelEnsemble(IEnumerable<PixelClassifier> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        _members = [.. members];
        Guard.That(_members.Length > 0, nameof(members), "at least one classifier is required");
        Guard.That(_members.All(m => m.NumClasses == _members[0].NumClasses && m.FeatureDim == _members[0].FeatureDim), nameof(members),
            "every member must have the same number of classes and feature width");
    }

    /// <summary>The members.</summary>
    public IReadOnlyList<PixelClassifier> Members => _members;

    /// <summary>K.</summary>
    public int NumClasses => _members[0].NumClasses;

    /// <summary>D.</summary>
    public int FeatureDim => _members[0].FeatureDim;

    /// <summary>Predicts P pixels (members in eval mode, no gradients).</summary>
    /// <param name="features">[P, D] pixel features.</param>
    /// <returns>The prediction and its uncertainty terms (new tensors).</returns>
    /// <exception cref="TesseraArgumentException">The feature width is not D.</exception>
    public EnsemblePrediction Predict(Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        Guard.That(features.dim() == 2 && features.shape[1] == FeatureDim, nameof(features), $"must be [P, {FeatureDim}]");
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var logits = new List<Tensor>();
        var entropies = new List<Tensor>();
        var labels = new List<Tensor>();
        Tensor? meanSeg = null;
        foreach (var m in _members)
        {
            m.eval();
            var preds = m.forward(features);
            logits.Add(preds);
            var normalized = preds - preds.logsumexp(-1, keepdim: true);
            var probs = softmax(normalized, -1);
            entropies.Add(-(normalized.clamp(min: float.MinValue) * probs).sum(-1));
            var soft = softmax(preds, 1);
            meanSeg = meanSeg is null ? soft : meanSeg + soft;
            labels.Add(nn.functional.log_softmax(preds, 1).argmax(1));
        }
        meanSeg = meanSeg! / _members.Length;
        var pNorm = meanSeg / meanSeg.sum(-1, keepdim: true);
        const double eps = 1.1920928955078125e-07; // torch.finfo(float32).eps, the clamp of Categorical(probs=…)
        var fullEntropy = -(log(pNorm.clamp(eps, 1 - eps)).clamp(min: float.MinValue) * pNorm).sum(-1);
        var entropyStack = stack(entropies);
        var js = fullEntropy - entropyStack.mean([0]);
        var k = Math.Max(1, (int)(js.shape[0] / 10));
        var top = js.sort(0).Values[^k..];
        var uncertainty = top.mean().item<float>();
        var argmax = stack(labels);
        var vote = MajorityVote(argmax, NumClasses);
        return new EnsemblePrediction(stack(logits).MoveToOuterDisposeScope(), entropyStack.MoveToOuterDisposeScope(),
            meanSeg.MoveToOuterDisposeScope(), fullEntropy.MoveToOuterDisposeScope(), js.MoveToOuterDisposeScope(),
            argmax.MoveToOuterDisposeScope(), vote.MoveToOuterDisposeScope(), uncertainty);
    }

    /// <summary>The most frequent label per column of [M, P] (ties: the smallest label, as <c>torch.mode</c> on CPU).</summary>
    /// <param name="labels">int64 [M, P].</param>
    /// <param name="numClasses">K.</param>
    /// <returns>A new int64 [P] tensor.</returns>
    public static Tensor MajorityVote(Tensor labels, int numClasses)
    {
        ArgumentNullException.ThrowIfNull(labels);
        using var scope = NewDisposeScope();
        var counts = nn.functional.one_hot(labels, numClasses).sum(dim: 0, keepdim: false); // [P, K]
        // argmax returns the first (smallest) index among equal maxima
        return counts.argmax(1).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var m in _members) { m.Dispose(); }
    }
}
