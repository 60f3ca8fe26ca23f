using static TorchSharp.torch;

namespace Tessera.Diffusion.Models.UNet;

/// <summary>
/// A 3×3 "same" convolution computed as unfold + matrix product while gradients are recorded. It works around a defect of
/// the CPU libtorch that TorchSharp 0.107 ships: the input gradient of <c>conv2d</c> with very few output channels (1 or
/// 2 here; seen with 1–4) is sometimes read from uninitialised memory, so it holds NaN (or garbage) whenever the
/// allocator hands back a dirty block. The UNet's output convolution (1–6 output channels) then poisons every gradient
/// and the first AdamW step turns all weights into NaN. Without gradients the ordinary convolution is used.
/// </summary>
internal static class GradSafeConvolution
{
    /// <summary>Applies <paramref name="conv"/> (3×3, stride 1, padding 1) to [N, C, H, W].</summary>
    public static Tensor Apply(TorchSharp.Modules.Conv2d conv, Tensor input)
    {
        if (!is_grad_enabled()) { return conv.forward(input); }
        using var scope = NewDisposeScope();
        var n = input.shape[0];
        var h = input.shape[2];
        var w = input.shape[3];
        var weight = conv.weight!;
        var columns = nn.functional.unfold(input, 3, padding: 1);               // [N, C·9, H·W]
        var output = matmul(weight.reshape(weight.shape[0], -1), columns);     // [N, out, H·W]
        if (conv.bias is not null) { output = output + conv.bias.reshape(1, -1, 1); }
        return output.reshape(n, weight.shape[0], h, w).MoveToOuterDisposeScope();
    }
}
