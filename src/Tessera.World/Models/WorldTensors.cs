using Tessera.Core.Errors;
using Tessera.Data.World;
using Tessera.Nn.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.World.Models;

/// <summary>Turns world scenes (uint8 HWC RGB) into normalised float tensors <c>[B, 3, H, W]</c>.</summary>
public static class WorldTensors
{
    /// <summary>Stacks the scenes' images, scaled to [0, 1] then normalised per channel.</summary>
    /// <param name="scenes">Scenes of one size.</param>
    /// <param name="mean">Per-channel mean (RGB).</param>
    /// <param name="std">Per-channel std (RGB).</param>
    /// <returns>A new float32 tensor the caller owns.</returns>
    /// <exception cref="TesseraArgumentException">No scene, sizes differ, or mean/std do not have 3 entries.</exception>
    public static Tensor Images(IReadOnlyList<WorldScene> scenes, IReadOnlyList<float> mean, IReadOnlyList<float> std)
    {
        ArgumentNullException.ThrowIfNull(scenes);
        Guard.That(scenes.Count > 0, nameof(scenes), "must hold at least one scene");
        var h = scenes[0].Height;
        var w = scenes[0].Width;
        Guard.That(scenes.All(s => s.Height == h && s.Width == w), nameof(scenes), "must all have the same size");
        return Images(scenes.Count, h, w, i => scenes[i].PixelMemory, mean, std);
    }

    /// <summary>Stacks HWC uint8 RGB pixel buffers into a normalised float tensor <c>[B, 3, H, W]</c>.</summary>
    /// <param name="count">Number of images.</param>
    /// <param name="height">Rows.</param>
    /// <param name="width">Columns.</param>
    /// <param name="pixels">Image <c>i</c>'s H·W·3 bytes.</param>
    /// <param name="mean">Per-channel mean (RGB).</param>
    /// <param name="std">Per-channel std (RGB).</param>
    /// <returns>A new float32 tensor the caller owns.</returns>
    /// <exception cref="TesseraArgumentException">A buffer has the wrong length, or mean/std do not have 3 entries.</exception>
    public static Tensor Images(int count, int height, int width, Func<int, ReadOnlyMemory<byte>> pixels, IReadOnlyList<float> mean, IReadOnlyList<float> std)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        Guard.That(mean.Count == 3 && std.Count == 3, nameof(mean), "mean and std need 3 entries");
        var plane = height * width;
        var data = new float[count * 3 * plane];
        for (var i = 0; i < count; i++)
        {
            var src = pixels(i).Span;
            Guard.That(src.Length == plane * 3, nameof(pixels), $"image {i} must hold {plane * 3} bytes (got {src.Length})");
            var o = i * 3 * plane;
            for (var c = 0; c < 3; c++)
            {
                var scale = 1f / (255f * std[c]);
                var shift = mean[c] / std[c];
                var dst = o + (c * plane);
                for (var p = 0; p < plane; p++) { data[dst + p] = (src[(3 * p) + c] * scale) - shift; }
            }
        }
        TorchRuntime.EnsureLoaded();
        return torch.tensor(data, [count, 3, height, width]);
    }

    /// <summary>Digits as normalised RGB tensors <c>[N, 3, 32, 32]</c>: each 28×28 digit centred on a black 32×32 canvas, gray copied to R, G and B.</summary>
    /// <param name="digits">The digits.</param>
    /// <param name="mean">Per-channel mean (RGB).</param>
    /// <param name="std">Per-channel std (RGB).</param>
    /// <returns>A new float32 tensor the caller owns.</returns>
    public static Tensor Digits(Tessera.Data.Digits.DigitSet digits, IReadOnlyList<float> mean, IReadOnlyList<float> std)
    {
        ArgumentNullException.ThrowIfNull(digits);
        const int side = 32;
        const int pad = (side - Tessera.Data.Digits.DigitSet.Side) / 2;
        return Images(digits.Count, side, side, i =>
        {
            var rgb = new byte[side * side * 3];
            var src = digits.PixelsOf(i);
            for (var y = 0; y < Tessera.Data.Digits.DigitSet.Side; y++)
            {
                for (var x = 0; x < Tessera.Data.Digits.DigitSet.Side; x++)
                {
                    var v = src[(y * Tessera.Data.Digits.DigitSet.Side) + x];
                    var d = (((y + pad) * side) + x + pad) * 3;
                    rgb[d] = v;
                    rgb[d + 1] = v;
                    rgb[d + 2] = v;
                }
            }
            return rgb;
        }, mean, std);
    }
}
