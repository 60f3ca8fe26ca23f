using Tessera.Core.Arrays;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;

namespace Tessera.Dense.ClipSeg;

/// <summary>Turns probability maps into mask and overlay images.</summary>
public static class ClipSegMasks
{
    /// <summary>A gray 8-bit mask: 255 where the probability exceeds <paramref name="threshold"/>, else 0; with a null
    /// threshold the soft map (probability × 255, rounded).</summary>
    /// <param name="probabilities">float32 <c>[H, W]</c> values in [0, 1].</param>
    /// <param name="threshold">Threshold in [0, 1], or null for the soft map.</param>
    /// <returns>A new H×W gray image.</returns>
    /// <exception cref="TesseraArgumentException">The map is not 2-D float32 or the threshold is outside [0, 1].</exception>
    public static Image ToMask(NdArray probabilities, double? threshold)
    {
        var p = Check(probabilities);
        Guard.That(threshold is null || threshold is >= 0 and <= 1, nameof(threshold), "must lie in [0, 1]");
        var h = probabilities.Shape[0];
        var w = probabilities.Shape[1];
        var mask = Image.CreateGray(h, w, PixelType.UInt8);
        var dst = mask.Pixels<byte>();
        for (var i = 0; i < p.Length; i++)
        {
            dst[i] = threshold is { } t ? (byte)(p[i] > t ? 255 : 0) : (byte)Math.Clamp(Math.Round(p[i] * 255.0), 0, 255);
        }
        return mask;
    }

    /// <summary>The image with the mask tinted red: <c>(1 − α·p)·pixel + α·p·red</c>, p = the probability (or 0/1 with a
    /// threshold).</summary>
    /// <param name="image">8-bit RGB image of the map's size.</param>
    /// <param name="probabilities">float32 <c>[H, W]</c>.</param>
    /// <param name="threshold">Threshold, or null to tint by the soft probability.</param>
    /// <param name="alpha">Tint strength in [0, 1].</param>
    /// <returns>A new RGB image.</returns>
    /// <exception cref="TesseraArgumentException">Sizes or types do not match.</exception>
    public static Image Overlay(Image image, NdArray probabilities, double? threshold, double alpha = 0.5)
    {
        ArgumentNullException.ThrowIfNull(image);
        var p = Check(probabilities);
        Guard.That(image.PixelType == PixelType.UInt8 && image.Channels == 3, nameof(image), $"must be 8-bit RGB, got {image}");
        Guard.That(image.Height == probabilities.Shape[0] && image.Width == probabilities.Shape[1], nameof(probabilities),
            $"must be {image.Height}×{image.Width} like the image, got {probabilities.Shape[0]}×{probabilities.Shape[1]}");
        Guard.That(alpha is >= 0 and <= 1, nameof(alpha), "must lie in [0, 1]");
        var output = image.Clone();
        var px = output.Pixels<byte>();
        for (var i = 0; i < p.Length; i++)
        {
            var weight = alpha * (threshold is { } t ? (p[i] > t ? 1.0 : 0.0) : Math.Clamp(p[i], 0f, 1f));
            px[3 * i] = (byte)Math.Round(((1 - weight) * px[3 * i]) + (weight * 255));
            px[(3 * i) + 1] = (byte)Math.Round((1 - weight) * px[(3 * i) + 1]);
            px[(3 * i) + 2] = (byte)Math.Round((1 - weight) * px[(3 * i) + 2]);
        }
        return output;
    }

    private static ReadOnlySpan<float> Check(NdArray probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        Guard.That(probabilities.Shape.Count == 2 && probabilities.DType == DType.Float32, nameof(probabilities),
            $"must be a float32 [H, W] map, got {probabilities.DType} [{string.Join(", ", probabilities.Shape)}]");
        return probabilities.AsSpan<float>();
    }
}
