using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Dense.DenseClip.Training;

/// <summary>A picture of DenseCLIP's pixel–text score maps: the image, then one heat map per class (nearest-upsampled
/// to the image size, all classes on one colour scale from the lowest to the highest score, dark blue → yellow),
/// side by side with a 2-pixel gap.</summary>
public static class ScoreMapPicture
{
    /// <summary>Renders the strip.</summary>
    /// <param name="image">8-bit RGB image.</param>
    /// <param name="scoreMap">Score maps <c>[K, h, w]</c> of that image.</param>
    /// <returns>A new RGB image <c>H × (K + 1)·(W + 2)</c>.</returns>
    /// <exception cref="TesseraArgumentException">Wrong image type or map shape.</exception>
    public static Image Render(Image image, Tensor scoreMap)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(scoreMap);
        Guard.That(image.PixelType == PixelType.UInt8 && image.Channels == 3, nameof(image), $"must be 8-bit RGB, got {image}");
        Guard.That(scoreMap.dim() == 3, nameof(scoreMap), $"must be [K, h, w], got [{string.Join(", ", scoreMap.shape)}]");
        int h = image.Height, w = image.Width, k = (int)scoreMap.shape[0];
        float[] up;
        using (var scope = torch.NewDisposeScope())
        {
            var resized = nn.functional.interpolate(scoreMap.unsqueeze(0).to(ScalarType.Float32), [h, w], mode: InterpolationMode.Nearest);
            up = resized.contiguous().data<float>().ToArray();
        }
        var lo = up.Min();
        var hi = up.Max();
        var range = hi > lo ? hi - lo : 1f;
        var stride = w + 2;
        var result = Image.Create(h, stride * (k + 1), 3, PixelType.UInt8);
        var dst = result.Pixels<byte>();
        var src = image.Pixels<byte>();
        var outW = stride * (k + 1);
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                for (var c = 0; c < 3; c++) { dst[(((y * outW) + x) * 3) + c] = src[(((y * w) + x) * 3) + c]; }
                for (var j = 0; j < k; j++)
                {
                    var t = (up[(((j * h) + y) * w) + x] - lo) / range;
                    var at = ((y * outW) + ((j + 1) * stride) + x) * 3;
                    // dark blue (20, 20, 90) → teal → yellow (250, 230, 40)
                    dst[at] = (byte)(20 + (230 * t * t));
                    dst[at + 1] = (byte)(20 + (210 * t));
                    dst[at + 2] = (byte)(90 + (60 * t) - (110 * t * t));
                }
            }
        }
        return result;
    }
}
