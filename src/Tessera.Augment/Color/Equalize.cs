using Tessera.Augment.Pipeline;
using Tessera.Augment.Pixel;
using Tessera.Augment.Serialization;
using Tessera.Core.Arrays;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Color;

/// <summary>Parameters of <see cref="Equalize"/> (the keys of albumentations 1.3.1's replay params).</summary>
/// <param name="Mask">Pixels that take part in the histogram (non-zero), or null for all.</param>
public sealed record EqualizeParams(NdArray? Mask);

/// <summary>Histogram equalization per channel or on Y of YCrCb, OpenCV or Pillow style, with an optional mask (uint8) (albumentations <c>Equalize</c>).</summary>
public sealed class Equalize : ImageOnlyTransform<EqualizeParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="mode">"cv" (OpenCV) or "pil" (Pillow) equalization (<c>mode</c>).</param>
    /// <param name="byChannels">Equalize each channel (true) or Y of YCrCb (<c>by_channels</c>).</param>
    /// <param name="mask">Fixed mask (uint8, H×W or H×W×3), or null.</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public Equalize(string mode = "cv", bool byChannels = true, Image? mask = null, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        Guard.That(mode is "cv" or "pil", nameof(mode), $"must be \"cv\" or \"pil\" (got \"{mode}\")");
        Mode = mode;
        ByChannels = byChannels;
        Mask = mask;
    }

    /// <summary>"cv" (OpenCV) or "pil" (Pillow) equalization (<c>mode</c>).</summary>
    public string Mode { get; }

    /// <summary>Equalize each channel (true) or Y of YCrCb (<c>by_channels</c>).</summary>
    public bool ByChannels { get; }

    /// <summary>Fixed mask (uint8, H×W or H×W×3), or null.</summary>
    public Image? Mask { get; }

    /// <inheritdoc />
    public override string Name => "Equalize";

    /// <inheritdoc />
    public override EqualizeParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        return new(Mask?.ToNdArray());
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, EqualizeParams parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(parameters);
        return EqualizeKernels.Equalize(image, parameters.Mask is null ? null : Image.FromNdArray(parameters.Mask), Mode, ByChannels);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("mode", Mode);
        writer.Add("by_channels", ByChannels);
    }
}
