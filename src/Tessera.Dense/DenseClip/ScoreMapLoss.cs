using Tessera.Core.Errors;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Dense.DenseClip;

/// <summary>DenseCLIP's auxiliary segmentation loss on the score maps (the <c>identity_head</c> of the configs):
/// <c>score_map / τ</c> is resized bilinearly (<c>align_corners=False</c>) to the label size and scored with pixel-wise
/// cross-entropy, pixels labelled <c>ignoreIndex</c> skipped, times the loss weight (0.4 upstream).</summary>
public static class ScoreMapLoss
{
    /// <summary>Computes the weighted loss.</summary>
    /// <param name="scoreMap">Score maps <c>[B, K, h, w]</c> (cosine similarities).</param>
    /// <param name="labels">Class labels <c>[B, H, W]</c> (int64) in [0, K) or <paramref name="ignoreIndex"/>.</param>
    /// <param name="tau">Temperature τ.</param>
    /// <param name="weight">Loss weight.</param>
    /// <param name="ignoreIndex">Label of pixels without a class.</param>
    /// <returns>A scalar tensor.</returns>
    /// <exception cref="TesseraArgumentException">Shapes do not match or τ is not positive.</exception>
    public static Tensor Compute(Tensor scoreMap, Tensor labels, double tau = 0.07, double weight = 0.4, long ignoreIndex = 255)
    {
        ArgumentNullException.ThrowIfNull(scoreMap);
        ArgumentNullException.ThrowIfNull(labels);
        Guard.That(scoreMap.dim() == 4, nameof(scoreMap), $"must be [B, K, h, w], got [{string.Join(", ", scoreMap.shape)}]");
        Guard.That(labels.dim() == 3 && labels.shape[0] == scoreMap.shape[0], nameof(labels), $"must be [{scoreMap.shape[0]}, H, W], got [{string.Join(", ", labels.shape)}]");
        Guard.That(tau > 0 && double.IsFinite(tau), nameof(tau), "must be positive");
        using var scope = torch.NewDisposeScope();
        var logits = nn.functional.interpolate(scoreMap / tau, [labels.shape[1], labels.shape[2]], mode: InterpolationMode.Bilinear, align_corners: false);
        var loss = nn.functional.cross_entropy(logits, labels.to(ScalarType.Int64), ignore_index: ignoreIndex);
        return (loss * weight).MoveToOuterDisposeScope();
    }
}
