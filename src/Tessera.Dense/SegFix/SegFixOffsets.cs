using Tessera.Core.Arrays;
using Tessera.Core.Errors;
using Tessera.Nn.Tensors;
using Tessera.Segmentation.SegFix;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Dense.SegFix;

/// <summary>
/// The offset branch: turns boundary × direction logits into integer offsets with Tessera.Segmentation's bin → offset
/// table (<see cref="SegFixRefinement.OffsetsFromPrediction"/>, openseg's <c>Tester._get_offset</c>), so predicted and
/// oracle offsets share one mapping.
/// </summary>
public static class SegFixOffsets
{
    /// <summary>Decodes one image's logits.</summary>
    /// <param name="output">Logits of a batch of one ([1, 2, H, W] and [1, m, H, W]) or unbatched ([2, H, W], [m, H, W]).</param>
    /// <returns>Boundary probability, direction bins and offsets.</returns>
    /// <exception cref="TesseraArgumentException">Shapes are not those of one image, or m is not 4, 8 or 16.</exception>
    public static SegFixPrediction FromLogits(SegFixOutput output)
    {
        ArgumentNullException.ThrowIfNull(output.Mask);
        ArgumentNullException.ThrowIfNull(output.Direction);
        using var scope = torch.NewDisposeScope();
        var mask = output.Mask.dim() == 4 ? output.Mask.squeeze(0) : output.Mask;
        var dir = output.Direction.dim() == 4 ? output.Direction.squeeze(0) : output.Direction;
        Guard.That(mask.dim() == 3 && mask.shape[0] == 2, nameof(output), $"mask logits must be [1, 2, H, W] or [2, H, W] (got [{string.Join(", ", output.Mask.shape)}])");
        Guard.That(dir.dim() == 3 && dir.shape[1] == mask.shape[1] && dir.shape[2] == mask.shape[2], nameof(output),
            $"direction logits [{string.Join(", ", output.Direction.shape)}] must match the mask's size");
        var bins = (int)dir.shape[0];
        Guard.That(bins is 4 or 8 or 16, nameof(output), $"direction logits must have 4, 8 or 16 channels (got {bins})");
        var probability = ImageTensors.ToNdArray(torch.softmax(mask.detach(), 0)[1].to_type(ScalarType.Float32));
        var direction = ImageTensors.ToNdArray(dir.detach().argmax(0).to_type(ScalarType.Int8));
        return new SegFixPrediction(probability, direction, SegFixRefinement.OffsetsFromPrediction(probability, direction, bins));
    }
}
