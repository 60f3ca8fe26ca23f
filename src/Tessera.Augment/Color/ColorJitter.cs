using Tessera.Augment.Pipeline;
using Tessera.Augment.Pixel;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Color;

/// <summary>Parameters of <see cref="ColorJitter"/> (the keys of albumentations 1.3.1's replay params).</summary>
/// <param name="Brightness">Brightness factor.</param>
/// <param name="Contrast">Contrast factor.</param>
/// <param name="Saturation">Saturation factor.</param>
/// <param name="Hue">Hue shift as a fraction of a full turn.</param>
/// <param name="Order">Order of the four operations (0 brightness, 1 contrast, 2 saturation, 3 hue).</param>
public sealed record ColorJitterParams(double Brightness, double Contrast, double Saturation, double Hue, int[] Order);

/// <summary>Randomly changes brightness, contrast, saturation and hue in a random order (torchvision semantics) (albumentations <c>ColorJitter</c>).</summary>
public sealed class ColorJitter : ImageOnlyTransform<ColorJitterParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="brightness">Brightness factor range (default (0.8, 1.2)).</param>
    /// <param name="contrast">Contrast factor range (default (0.8, 1.2)).</param>
    /// <param name="saturation">Saturation factor range (default (0.8, 1.2)).</param>
    /// <param name="hue">Hue shift range within [-0.5, 0.5] (default (-0.2, 0.2)).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public ColorJitter((double Low, double High)? brightness = null, (double Low, double High)? contrast = null, (double Low, double High)? saturation = null, (double Low, double High)? hue = null, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        Guard.That(hue is null || (hue.Value.Low >= -0.5 && hue.Value.High <= 0.5), nameof(hue), "must lie in [-0.5, 0.5]");
        Guard.That(brightness is null || brightness.Value.Low >= 0, nameof(brightness), "must be non-negative");
        Guard.That(contrast is null || contrast.Value.Low >= 0, nameof(contrast), "must be non-negative");
        Guard.That(saturation is null || saturation.Value.Low >= 0, nameof(saturation), "must be non-negative");
        Brightness = brightness ?? (0.8, 1.2);
        Contrast = contrast ?? (0.8, 1.2);
        Saturation = saturation ?? (0.8, 1.2);
        Hue = hue ?? (-0.2, 0.2);
    }

    /// <summary>Brightness factor range (default (0.8, 1.2)).</summary>
    public (double Low, double High) Brightness { get; }

    /// <summary>Contrast factor range (default (0.8, 1.2)).</summary>
    public (double Low, double High) Contrast { get; }

    /// <summary>Saturation factor range (default (0.8, 1.2)).</summary>
    public (double Low, double High) Saturation { get; }

    /// <summary>Hue shift range within [-0.5, 0.5] (default (-0.2, 0.2)).</summary>
    public (double Low, double High) Hue { get; }

    /// <inheritdoc />
    public override string Name => "ColorJitter";

    /// <inheritdoc />
    public override ColorJitterParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        var b = random.Uniform(Brightness.Low, Brightness.High);
        var c = random.Uniform(Contrast.Low, Contrast.High);
        var s = random.Uniform(Saturation.Low, Saturation.High);
        var h = random.Uniform(Hue.Low, Hue.High);
        int[] order = [0, 1, 2, 3];
        for (var i = 3; i > 0; i--)
        {
            var j = random.NextInt(0, i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return new(b, c, s, h, order);
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, ColorJitterParams parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(parameters);
        Guard.That(PixelCv.IsRgb(image) || PixelCv.IsGray(image), nameof(image), "ColorJitter needs an RGB or gray image");
        PixelCv.RequireUInt8OrFloat(image, Name);
        var img = image;
        foreach (var op in parameters.Order)
        {
            var next = op switch
            {
                0 => JitterKernels.Brightness(img, parameters.Brightness),
                1 => JitterKernels.Contrast(img, parameters.Contrast),
                2 => JitterKernels.Saturation(img, parameters.Saturation),
                3 => JitterKernels.Hue(img, parameters.Hue),
                _ => throw new TesseraArgumentException("order", $"operations are 0–3 (got {op})"),
            };
            if (!ReferenceEquals(next, img) && !ReferenceEquals(img, image))
            {
                img.Dispose(); // an intermediate of this chain
            }
            img = next;
        }
        return ReferenceEquals(img, image) ? image.Clone() : img;
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("brightness", Brightness);
        writer.Add("contrast", Contrast);
        writer.Add("saturation", Saturation);
        writer.Add("hue", Hue);
    }
}
