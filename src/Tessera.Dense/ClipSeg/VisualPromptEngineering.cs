using Tessera.Core.Errors;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Dense.ClipSeg;

/// <summary>
/// Visual prompt engineering of CLIPSeg (<c>evaluation_utils.img_preprocess</c>, <c>datasets/utils.blend_image_segmentation</c>):
/// turns an example image and its mask into a prompt image whose CLIP embedding is the visual conditional vector.
/// </summary>
/// <remarks>
/// <para>Steps: <c>bg = blur(img)</c> (15 × 15 Gaussian of the given sigma on the normalised values, border reflect-101,
/// as <c>cv2.GaussianBlur</c>) or <c>img</c>; <c>out = img · mask + bg_fac · bg · (1 − mask)</c>; optionally crop to
/// the mask's bounding box widened by <c>context ×</c> its own extent on each side, zero-pad the shorter side to a
/// square (half before, the rest after) and resize to the output side by nearest neighbour; finally subtract the
/// shift.</para>
/// <para>Upstream bounds the column range by the mask's height and the row range by its width (the same for square
/// images); here each range is bounded by its own dimension.</para>
/// </remarks>
public static class VisualPromptEngineering
{
    private const int KernelSize = 15;

    /// <summary>Applies a recipe to one image.</summary>
    /// <param name="image">Normalised image <c>[3, H, W]</c> (float).</param>
    /// <param name="mask">Mask <c>[H, W]</c>, 1 on the object and 0 elsewhere (soft values blend linearly).</param>
    /// <param name="options">The recipe.</param>
    /// <returns>A new tensor <c>[3, H, W]</c>, or <c>[3, S, S]</c> when cropping.</returns>
    /// <exception cref="TesseraArgumentException">Shapes do not match; the image is smaller than 8 pixels and blurred.</exception>
    public static Tensor Apply(Tensor image, Tensor mask, VisualPromptOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Guard.That(image.dim() == 3 && image.shape[0] == 3, nameof(image), $"must be [3, H, W], got [{string.Join(", ", image.shape)}]");
        Guard.That(mask.dim() == 2 && mask.shape[0] == image.shape[1] && mask.shape[1] == image.shape[2], nameof(mask),
            $"must be [{image.shape[1]}, {image.shape[2]}] like the image, got [{string.Join(", ", mask.shape)}]");
        using var scope = torch.NewDisposeScope();
        var img = image.to(ScalarType.Float32);
        var m = mask.to(ScalarType.Float32);
        var background = options.Blur > 0 ? GaussianBlur(img, options.Blur) : img;
        var output = (img * m) + (options.BackgroundFactor * background * (1 - m));
        if (options.CropContext is { } context)
        {
            output = ObjectCrop(output, m, context, options.ImageSize);
        }
        if (options.Shift != 0) { output = output - options.Shift; }
        return output.contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>The crop box of <c>crop_mask</c>: columns <c>[X0, X1)</c> and rows <c>[Y0, Y1)</c> of the mask's maximum,
    /// each widened by <paramref name="context"/> times its own extent and clipped to the image.</summary>
    /// <param name="mask">Mask <c>[H, W]</c>.</param>
    /// <param name="context">Widening fraction (≥ 0).</param>
    /// <returns>The box (end exclusive).</returns>
    public static (int X0, int X1, int Y0, int Y1) CropBox(Tensor mask, double context)
    {
        ArgumentNullException.ThrowIfNull(mask);
        Guard.That(mask.dim() == 2, nameof(mask), $"must be [H, W], got [{string.Join(", ", mask.shape)}]");
        Guard.That(double.IsFinite(context) && context >= 0, nameof(context), "must be finite and ≥ 0");
        var h = (int)mask.shape[0];
        var w = (int)mask.shape[1];
        using var m = mask.to(ScalarType.Float32).contiguous();
        var values = m.data<float>().ToArray();
        var colMax = new float[w];
        var rowMax = new float[h];
        Array.Fill(colMax, float.NegativeInfinity);
        Array.Fill(rowMax, float.NegativeInfinity);
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var v = values[(y * w) + x];
                if (v > colMax[x]) { colMax[x] = v; }
                if (v > rowMax[y]) { rowMax[y] = v; }
            }
        }
        var (x0, x1) = Extent(colMax);
        var (y0, y1) = Extent(rowMax);
        var ex = x1 - x0;
        var ey = y1 - y0;
        return ((int)Math.Max(0, x0 - (context * ex)), (int)Math.Min(w, x1 + (context * ex)),
                (int)Math.Max(0, y0 - (context * ey)), (int)Math.Min(h, y1 + (context * ey)));
    }

    /// <summary>First index holding the maximum, and one past the last (argmax from both ends, as upstream).</summary>
    private static (int Start, int End) Extent(float[] line)
    {
        var max = line.Max();
        var start = Array.IndexOf(line, max);
        var last = Array.LastIndexOf(line, max);
        return (start, last + 1);
    }

    private static Tensor ObjectCrop(Tensor image, Tensor mask, double context, int size)
    {
        var (x0, x1, y0, y1) = CropBox(mask, context);
        var crop = image.narrow(1, y0, y1 - y0).narrow(2, x0, x1 - x0);
        var h = y1 - y0;
        var w = x1 - x0;
        long[] pad = h > w ? [(h - w) / 2, h - w - ((h - w) / 2), 0, 0]
            : w > h ? [0, 0, (w - h) / 2, w - h - ((w - h) / 2)]
            : [0, 0, 0, 0];
        var square = nn.functional.pad(crop, pad, PaddingModes.Constant, 0);
        return nn.functional.interpolate(square.unsqueeze(0), [size, size], mode: InterpolationMode.Nearest).squeeze(0);
    }

    /// <summary>Separable 15 × 15 Gaussian of <c>[3, H, W]</c> with reflect-101 borders (<c>cv2.GaussianBlur</c>).</summary>
    private static Tensor GaussianBlur(Tensor image, double sigma)
    {
        Guard.That(image.shape[1] > KernelSize / 2 && image.shape[2] > KernelSize / 2, nameof(image),
            $"must be at least {(KernelSize / 2) + 1} pixels high and wide to blur the background (reflect-101 border)");
        var kernel = new float[KernelSize];
        var sum = 0f;
        for (var i = 0; i < KernelSize; i++)
        {
            var x = i - ((KernelSize - 1) / 2.0);
            kernel[i] = (float)Math.Exp(-(x * x) / (2 * sigma * sigma));
            sum += kernel[i];
        }
        for (var i = 0; i < KernelSize; i++) { kernel[i] /= sum; }
        var k = torch.tensor(kernel);
        var c = image.shape[0];
        var r = KernelSize / 2;
        var padded = nn.functional.pad(image.unsqueeze(0), [r, r, r, r], PaddingModes.Reflect);
        var vertical = nn.functional.conv2d(padded, k.reshape(1, 1, KernelSize, 1).expand(c, 1, KernelSize, 1).contiguous(), groups: c);
        var both = nn.functional.conv2d(vertical, k.reshape(1, 1, 1, KernelSize).expand(c, 1, 1, KernelSize).contiguous(), groups: c);
        return both.squeeze(0);
    }
}
