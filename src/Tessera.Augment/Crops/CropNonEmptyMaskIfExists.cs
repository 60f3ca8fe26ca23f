using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Crops;

/// <summary>
/// Crops a <see cref="Height"/>×<see cref="Width"/> window around a random non-zero mask pixel, or a random window
/// when the mask is empty (albumentations <c>CropNonEmptyMaskIfExists</c>). Needs a mask (or masks) in the sample.
/// </summary>
public sealed class CropNonEmptyMaskIfExists : DualTransform<CropWindowParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="height">Crop rows.</param>
    /// <param name="width">Crop columns.</param>
    /// <param name="ignoreValues">Mask values treated as background.</param>
    /// <param name="ignoreChannels">Mask channels ignored (multi-channel masks).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public CropNonEmptyMaskIfExists(int height, int width, IReadOnlyList<double>? ignoreValues = null, IReadOnlyList<int>? ignoreChannels = null,
        double p = 1.0, bool alwaysApply = false) : base(p, alwaysApply)
    {
        Guard.Positive(height);
        Guard.Positive(width);
        Height = height;
        Width = width;
        IgnoreValues = ignoreValues;
        IgnoreChannels = ignoreChannels;
    }

    /// <inheritdoc />
    public override string Name => "CropNonEmptyMaskIfExists";

    /// <summary>Crop rows.</summary>
    public int Height { get; }

    /// <summary>Crop columns.</summary>
    public int Width { get; }

    /// <summary>Background mask values.</summary>
    public IReadOnlyList<double>? IgnoreValues { get; }

    /// <summary>Ignored mask channels.</summary>
    public IReadOnlyList<int>? IgnoreChannels { get; }

    /// <inheritdoc />
    public override CropWindowParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        var masks = context.Mask is not null ? [context.Mask] : context.Masks;
        Guard.That(masks.Count > 0, "mask", "CropNonEmptyMaskIfExists needs a mask or masks in the sample");
        int mh = masks[0].Height, mw = masks[0].Width;
        Guard.That(Height <= mh && Width <= mw, "crop", $"size ({Height}, {Width}) is larger than the mask ({mh}, {mw})");
        var nonZero = new List<int>();
        var values = masks.Select(m => m.ToNdArray().ToDoubleArray()).ToList();
        for (var i = 0; i < mh * mw; i++)
        {
            for (var k = 0; k < masks.Count; k++)
            {
                if (Foreground(values[k], masks[k].Channels, i))
                {
                    nonZero.Add(i);
                    break;
                }
            }
        }
        int xMin, yMin;
        if (nonZero.Count > 0)
        {
            var idx = nonZero[random.NextInt(0, nonZero.Count)];
            int y = idx / mw, x = idx % mw;
            xMin = Math.Clamp(x - random.NextInt(0, Width), 0, mw - Width);
            yMin = Math.Clamp(y - random.NextInt(0, Height), 0, mh - Height);
        }
        else
        {
            xMin = random.NextInt(0, mw - Width + 1);
            yMin = random.NextInt(0, mh - Height + 1);
        }
        return new CropWindowParams(xMin, xMin + Width, yMin, yMin + Height);
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, CropWindowParams parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return CropKernels.Crop(image, parameters.XMin, parameters.YMin, parameters.XMax, parameters.YMax);
    }

    /// <inheritdoc />
    public override NormalizedBox ApplyToBox(NormalizedBox box, CropWindowParams parameters, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return CropKernels.CropBox(box, parameters.XMin, parameters.YMin, parameters.XMax, parameters.YMax, shape);
    }

    /// <inheritdoc />
    public override Keypoint ApplyToKeypoint(Keypoint keypoint, CropWindowParams parameters, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return CropKernels.CropKeypoint(keypoint, parameters.XMin, parameters.YMin);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("height", Height);
        writer.Add("width", Width);
        writer.AddFill("ignore_values", IgnoreValues?.ToArray());
        writer.AddFill("ignore_channels", IgnoreChannels?.Select(c => (double)c).ToArray());
    }

    private bool Foreground(double[] values, int channels, int pixel)
    {
        for (var c = 0; c < channels; c++)
        {
            if (IgnoreChannels is not null && channels > 1 && IgnoreChannels.Contains(c))
            {
                continue;
            }
            var v = values[(pixel * channels) + c];
            if (v != 0 && (IgnoreValues is null || !IgnoreValues.Contains(v)))
            {
                return true;
            }
        }
        return false;
    }
}
