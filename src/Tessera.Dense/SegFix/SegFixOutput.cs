using static TorchSharp.torch;

namespace Tessera.Dense.SegFix;

/// <summary>The two outputs of <see cref="SegFixNet"/>, upsampled to the input size.</summary>
/// <param name="Mask">Boundary logits [N, 2, H, W] (channel 1 = boundary), as openseg's <c>mask_map</c>.</param>
/// <param name="Direction">Direction logits [N, m, H, W], as openseg's <c>dir_map</c>.</param>
public readonly record struct SegFixOutput(Tensor Mask, Tensor Direction);
