using System.Globalization;
using Tessera.Core.Arrays;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Nn.Preprocessing;

namespace Tessera.Nn.Models.Clip;

/// <summary>
/// CLIP's image preprocessing, exactly as <c>clip.clip._transform(n_px)</c> on a PIL image: bicubic resize of the
/// shorter side to <c>n_px</c> (Pillow's resampling, bit-exact), center crop to <c>n_px × n_px</c>, RGB, divide by
/// 255, subtract the mean and divide by the std per channel.
/// </summary>
/// <remarks>
/// The longer side becomes <c>int(n_px · long / short)</c> (truncation, as torchvision 0.14's <c>Resize</c>). Crop offsets
/// are <c>round((H − n_px) / 2)</c> with round-half-to-even, like torchvision's <c>CenterCrop</c>. Gray images are
/// replicated to RGB and alpha is dropped (PIL's <c>convert("RGB")</c>). Inputs are never modified.
/// </remarks>
public static class ClipPreprocess
{
    /// <summary>The size after resizing the shorter side to <paramref name="size"/>.</summary>
    /// <param name="height">Input height.</param>
    /// <param name="width">Input width.</param>
    /// <param name="size">Target length of the shorter side.</param>
    /// <returns>(height, width).</returns>
    /// <exception cref="TesseraArgumentException">A size is not positive.</exception>
    public static (int Height, int Width) ResizedShape(int height, int width, int size)
    {
        Guard.Positive(height);
        Guard.Positive(width);
        Guard.Positive(size);
        return width <= height
            ? ((int)((double)size * height / width), size)
            : (size, (int)((double)size * width / height));
    }

    /// <summary>Resizes the shorter side to <paramref name="size"/> with Pillow's bicubic filter.</summary>
    /// <param name="image">uint8 image, 1, 3 or 4 channels.</param>
    /// <param name="size">Target length of the shorter side.</param>
    /// <returns>A new uint8 RGB image.</returns>
    /// <exception cref="TesseraArgumentException">The image is not uint8 or has 2 channels; the size is not positive.</exception>
    public static Image Resize(Image image, int size)
    {
        var rgb = ToRgb(image);
        var (h, w) = ResizedShape(rgb.Height, rgb.Width, size);
        var pixels = PillowResample.Bicubic(rgb.Bytes, rgb.Height, rgb.Width, 3, h, w);
        return Image.FromPixels<byte>(pixels, h, w, 3);
    }

    /// <summary>Center crop to <paramref name="size"/> × <paramref name="size"/> (torchvision's offsets).</summary>
    /// <param name="image">uint8 RGB image at least <paramref name="size"/> on each side.</param>
    /// <param name="size">Crop side.</param>
    /// <returns>A new image.</returns>
    /// <exception cref="TesseraArgumentException">The image is smaller than the crop.</exception>
    public static Image CenterCrop(Image image, int size)
    {
        var rgb = ToRgb(image);
        Guard.Positive(size);
        Guard.That(rgb.Height >= size && rgb.Width >= size, nameof(image), $"must be at least {size}×{size} to crop, got {rgb.Height}×{rgb.Width}");
        var (top, left) = CropOffsets(rgb.Height, rgb.Width, size);
        var dst = new byte[size * size * 3];
        var src = rgb.Bytes;
        for (var y = 0; y < size; y++)
        {
            src.Slice((((top + y) * rgb.Width) + left) * 3, size * 3).CopyTo(dst.AsSpan(y * size * 3));
        }
        return Image.FromPixels<byte>(dst, size, size, 3);
    }

    /// <summary>Top-left corner of the center crop: <c>round((H − size)/2)</c>, <c>round((W − size)/2)</c>, half to even.</summary>
    /// <param name="height">Image height.</param>
    /// <param name="width">Image width.</param>
    /// <param name="size">Crop side.</param>
    /// <returns>(top, left).</returns>
    public static (int Top, int Left) CropOffsets(int height, int width, int size)
        => ((int)Math.Round((height - size) / 2.0, MidpointRounding.ToEven), (int)Math.Round((width - size) / 2.0, MidpointRounding.ToEven));

    /// <summary><c>ToTensor</c> + <c>Normalize</c>: uint8 HWC RGB → float32 CHW, <c>(v/255 − mean)/std</c> in float32.</summary>
    /// <param name="image">uint8 RGB image.</param>
    /// <param name="mean">Per-channel mean.</param>
    /// <param name="std">Per-channel std.</param>
    /// <returns>A new float32 array <c>[3, H, W]</c>.</returns>
    /// <exception cref="TesseraArgumentException">Mean or std does not have 3 entries.</exception>
    public static NdArray Normalize(Image image, IReadOnlyList<float> mean, IReadOnlyList<float> std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        Guard.That(mean.Count == 3, nameof(mean), "needs 3 channels");
        Guard.That(std.Count == 3 && std.All(s => s > 0), nameof(std), "needs 3 positive channels");
        var rgb = ToRgb(image);
        var h = rgb.Height;
        var w = rgb.Width;
        var src = rgb.Bytes;
        var dst = new float[3 * h * w];
        for (var c = 0; c < 3; c++)
        {
            var m = mean[c];
            var s = std[c];
            for (var i = 0; i < h * w; i++)
            {
                var v = src[(i * 3) + c] / 255f;
                dst[(c * h * w) + i] = (v - m) / s;
            }
        }
        return NdArray.FromArray<float>(dst, 3, h, w);
    }

    /// <summary>The whole transform for a model configuration.</summary>
    /// <param name="image">uint8 image (gray, RGB or RGBA).</param>
    /// <param name="config">Supplies the resolution and mean/std.</param>
    /// <returns>float32 <c>[3, R, R]</c>.</returns>
    public static NdArray Apply(Image image, ClipConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var resized = Resize(image, config.ImageResolution);
        var cropped = CenterCrop(resized, config.ImageResolution);
        return Normalize(cropped, config.Mean, config.Std);
    }

    private static Image ToRgb(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        Guard.That(image.PixelType == PixelType.UInt8, nameof(image), $"must be uint8 (PIL 8-bit), got {image.PixelType}");
        Guard.That(image.Channels is 1 or 3 or 4, nameof(image), string.Create(CultureInfo.InvariantCulture, $"must have 1, 3 or 4 channels, got {image.Channels}"));
        if (image.Channels == 3) { return image; }
        var src = image.Bytes;
        var n = image.Height * image.Width;
        var dst = new byte[n * 3];
        for (var i = 0; i < n; i++)
        {
            for (var c = 0; c < 3; c++)
            {
                dst[(i * 3) + c] = image.Channels == 1 ? src[i] : src[(i * 4) + c];
            }
        }
        return Image.FromPixels<byte>(dst, image.Height, image.Width, 3);
    }
}
