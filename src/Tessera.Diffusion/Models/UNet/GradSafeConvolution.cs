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
    /// <summary>Largest unfolded block built at once (bytes). The columns of a whole batch (C·9 × H·W floats per image:
    /// 38 MB for 32 images of 32² with 32 channels) would be above glibc's largest mmap threshold, so every training step
    /// would map and fault in fresh pages for them; blocks of this size are reused from the heap.</summary>
    internal const long ColumnBlockBytes = 8L * 1024 * 1024;

    /// <summary>Applies <paramref name="conv"/> (3×3, stride 1, padding 1) to [N, C, H, W].</summary>
    public static Tensor Apply(TorchSharp.Modules.Conv2d conv, Tensor input)
    {
        if (!is_grad_enabled()) { return conv.forward(input); }
        using var scope = NewDisposeScope();
        var n = input.shape[0];
        var h = input.shape[2];
        var w = input.shape[3];
        var weight = conv.weight!;
        var kernel = weight.reshape(weight.shape[0], -1);
        var perImage = input.shape[1] * 9 * h * w * sizeof(float);
        var chunk = Math.Max(1, ColumnBlockBytes / Math.Max(1, perImage));
        var parts = new List<Tensor>();
        for (long start = 0; start < n; start += chunk)
        {
            var slice = input.narrow(0, start, Math.Min(chunk, n - start));
            var columns = nn.functional.unfold(slice, 3, padding: 1);   // [n', C·9, H·W]
            parts.Add(matmul(kernel, columns));                         // [n', out, H·W]
        }
        var output = parts.Count == 1 ? parts[0] : cat(parts, 0);
        if (conv.bias is not null) { output = output + conv.bias.reshape(1, -1, 1); }
        return output.reshape(n, weight.shape[0], h, w).MoveToOuterDisposeScope();
    }
}
