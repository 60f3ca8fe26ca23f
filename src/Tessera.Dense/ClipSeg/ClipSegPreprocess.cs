using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Nn.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Dense.ClipSeg;

/// <summary>
/// CLIPSeg's input transform (the Quickstart's): <c>ToTensor()</c> → <c>Normalize</c> with ImageNet mean/std →
/// <c>Resize((S, S))</c> on the float tensor, bilinear with <c>align_corners=False</c> and no antialiasing (torchvision
/// 0.14's tensor resize). The aspect ratio is not kept.
/// </summary>
public static class ClipSegPreprocess
{
    /// <summary>ImageNet mean (RGB).</summary>
    public static IReadOnlyList<float> Mean { get; } = [0.485f, 0.456f, 0.406f];

    /// <summary>ImageNet standard deviation (RGB).</summary>
    public static IReadOnlyList<float> Std { get; } = [0.229f, 0.224f, 0.225f];

    /// <summary>Transforms one uint8 RGB image (H×W×3) to a normalised <c>[3, size, size]</c> float tensor.</summary>
    /// <param name="image">An 8-bit image with 3 channels (RGB).</param>
    /// <param name="size">Output side S (a multiple of the patch size for the model; 352 upstream).</param>
    /// <returns>A new tensor.</returns>
    /// <exception cref="TesseraArgumentException">The image is not 8-bit RGB or the size is not positive.</exception>
    public static Tensor ToTensor(Image image, int size)
    {
        ArgumentNullException.ThrowIfNull(image);
        Guard.That(image.PixelType == PixelType.UInt8 && image.Channels == 3 && image.Rank == 3, nameof(image), $"must be an 8-bit RGB image (H×W×3), got {image}");
        Guard.Positive(size);
        using var scope = torch.NewDisposeScope();
        var chw = ImageTensors.ImageToChwFloat(image, 1f) / 255f;
        var normalised = Normalize(chw);
        return Resize(normalised, size).MoveToOuterDisposeScope();
    }

    /// <summary>Normalises <c>[3, H, W]</c> or <c>[B, 3, H, W]</c> values in [0, 1] with the ImageNet statistics.</summary>
    /// <param name="pixels">Values in [0, 1].</param>
    /// <returns>A new tensor.</returns>
    public static Tensor Normalize(Tensor pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        using var scope = torch.NewDisposeScope();
        var shape = pixels.dim() == 3 ? new long[] { 3, 1, 1 } : [1, 3, 1, 1];
        var mean = torch.tensor(Mean.ToArray()).reshape(shape);
        var std = torch.tensor(Std.ToArray()).reshape(shape);
        return ((pixels - mean) / std).MoveToOuterDisposeScope();
    }

    /// <summary>Bilinear resize of <c>[C, H, W]</c> or <c>[B, C, H, W]</c> float tensors to <c>size × size</c>
    /// (align_corners=False, no antialias).</summary>
    /// <param name="pixels">Float tensor.</param>
    /// <param name="size">Output side.</param>
    /// <returns>A new tensor.</returns>
    public static Tensor Resize(Tensor pixels, int size)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        Guard.Positive(size);
        using var scope = torch.NewDisposeScope();
        var batched = pixels.dim() == 3 ? pixels.unsqueeze(0) : pixels;
        var resized = nn.functional.interpolate(batched, [size, size], mode: InterpolationMode.Bilinear, align_corners: false);
        return (pixels.dim() == 3 ? resized.squeeze(0) : resized).MoveToOuterDisposeScope();
    }
}
