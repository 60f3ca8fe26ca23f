using Tessera.Core.Errors;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Dense.SegFix;

/// <summary>
/// SegFix's loss (openseg.pytorch <c>SegFixLoss</c>): a 2-way cross-entropy on the boundary mask and an m-way
/// cross-entropy on the direction map, each weighted per class by <c>1 − frequency</c> of that class among the batch's
/// counted pixels (openseg's <c>calc_weights</c>), with −1 ignored.
/// </summary>
/// <remarks>
/// The direction loss counts only ground-truth boundary pixels (mask target 1). openseg instead counts every
/// non-ignored pixel its own predicted mask marks as boundary; using the ground truth gives the direction branch a
/// fixed target set from the first step, which suits short CPU runs. When only one class occurs among the counted
/// pixels, the weights are uniform (openseg's weights would be 0 and the loss undefined).
/// </remarks>
public static class SegFixLoss
{
    /// <summary>Computes the loss.</summary>
    /// <param name="output">Network output (mask [N, 2, H, W], direction [N, m, H, W]).</param>
    /// <param name="boundary">int64 [N, H, W]: 1 boundary, 0 not, −1 ignore.</param>
    /// <param name="direction">int64 [N, H, W]: direction bin 0..m−1 (read on boundary pixels only; other values allowed elsewhere).</param>
    /// <returns>The total and the two parts.</returns>
    /// <exception cref="TesseraArgumentException">Shapes or dtypes do not match.</exception>
    public static SegFixLossTerms Compute(SegFixOutput output, Tensor boundary, Tensor direction)
    {
        ArgumentNullException.ThrowIfNull(output.Mask);
        ArgumentNullException.ThrowIfNull(output.Direction);
        ArgumentNullException.ThrowIfNull(boundary);
        ArgumentNullException.ThrowIfNull(direction);
        var mask = output.Mask;
        var dir = output.Direction;
        Guard.That(mask.dim() == 4 && mask.shape[1] == 2, nameof(output), $"mask logits must be [N, 2, H, W] (got [{string.Join(", ", mask.shape)}])");
        Guard.That(dir.dim() == 4 && dir.shape[0] == mask.shape[0] && dir.shape[2] == mask.shape[2] && dir.shape[3] == mask.shape[3], nameof(output),
            $"direction logits [{string.Join(", ", dir.shape)}] must be [N, m, H, W] like the mask's");
        long[] expected = [mask.shape[0], mask.shape[2], mask.shape[3]];
        Guard.That(boundary.dtype == ScalarType.Int64 && boundary.shape.SequenceEqual(expected), nameof(boundary),
            $"must be int64 [{string.Join(", ", expected)}] (got {boundary.dtype} [{string.Join(", ", boundary.shape)}])");
        Guard.That(direction.dtype == ScalarType.Int64 && direction.shape.SequenceEqual(expected), nameof(direction),
            $"must be int64 [{string.Join(", ", expected)}] (got {direction.dtype} [{string.Join(", ", direction.shape)}])");

        var bins = (int)dir.shape[1];
        var boundaryLoss = nn.functional.cross_entropy(mask, boundary, weight: Weights(boundary, 2), ignore_index: -1);
        var onBoundary = boundary.eq(1);
        var dirTarget = torch.where(onBoundary, direction, torch.full_like(direction, -1));
        Tensor directionLoss;
        if (onBoundary.any().item<bool>())
        {
            var valid = dirTarget.masked_select(onBoundary);
            Guard.That(valid.min().item<long>() >= 0 && valid.max().item<long>() < bins, nameof(direction),
                $"bins on boundary pixels must lie in [0, {bins})");
            directionLoss = nn.functional.cross_entropy(dir, dirTarget, weight: Weights(dirTarget, bins), ignore_index: -1);
        }
        else
        {
            directionLoss = dir.sum() * 0f;
        }
        return new SegFixLossTerms(boundaryLoss + directionLoss, boundaryLoss, directionLoss);
    }

    /// <summary><c>1 − count_c / Σ count</c> over labels ≥ 0 (uniform when fewer than two classes occur).</summary>
    internal static Tensor Weights(Tensor labels, int classes)
    {
        var valid = labels.masked_select(labels.ge(0));
        var counts = torch.bincount(valid, minlength: classes).to_type(ScalarType.Float32);
        var present = counts.gt(0).sum().item<long>();
        if (present < 2)
        {
            return torch.ones(classes, ScalarType.Float32);
        }
        return 1f - (counts / counts.sum());
    }
}
