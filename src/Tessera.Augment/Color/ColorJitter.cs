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
    /// <param name="brightness">Brightness factor range; a number x means (max(0, 1 − x), 1 + x) (default 0.2, i.e. (0.8, 1.2)).</param>
    /// <param name="contrast">Contrast factor range; a number x means (max(0, 1 − x), 1 + x) (default 0.2).</param>
    /// <param name="saturation">Saturation factor range; a number x means (max(0, 1 − x), 1 + x) (default 0.2).</param>
    /// <param name="hue">Hue shift range within [-0.5, 0.5]; a number x means (−x, x) (default 0.2).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public ColorJitter(Limit? brightness = null, Limit? contrast = null, Limit? saturation = null, Limit? hue = null, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        Brightness = Factor(brightness ?? 0.2, nameof(brightness));
        Contrast = Factor(contrast ?? 0.2, nameof(contrast));
        Saturation = Factor(saturation ?? 0.2, nameof(saturation));
        var h = hue ?? 0.2;
        Guard.That(!h.IsScalar || h.Low >= 0, nameof(hue), $"a single number must be non-negative (got {h})");
        Hue = h.Symmetric();
        Guard.That(Hue.Low >= -0.5 && Hue.Low <= Hue.High && Hue.High <= 0.5, nameof(hue), $"must lie in [-0.5, 0.5] with low ≤ high (got {h})");
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

    /// <summary>albumentations' ColorJitter reading of a factor: a number x is (max(0, 1 − x), 1 + x); a pair is 0 ≤ low ≤ high.</summary>
    private static (double Low, double High) Factor(Limit limit, string param)
    {
        if (limit.IsScalar)
        {
            Guard.That(limit.Low >= 0, param, $"a single number must be non-negative (got {limit})");
            return (Math.Max(0, 1 - limit.Low), 1 + limit.Low);
        }
        Guard.That(limit.Low >= 0 && limit.Low <= limit.High, param, $"must satisfy 0 ≤ low ≤ high (got {limit})");
        return (limit.Low, limit.High);
    }
}
