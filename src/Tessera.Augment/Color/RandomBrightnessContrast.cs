using Tessera.Augment.Pipeline;
using Tessera.Augment.Pixel;
using Tessera.Augment.Serialization;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Color;

/// <summary>Parameters of <see cref="RandomBrightnessContrast"/>.</summary>
/// <param name="Alpha">Contrast factor (1 + drawn contrast).</param>
/// <param name="Beta">Brightness offset as a fraction of the maximum (or of the mean).</param>
public sealed record RandomBrightnessContrastParams(double Alpha, double Beta);

/// <summary>Scales contrast and shifts brightness (albumentations <c>RandomBrightnessContrast</c>).</summary>
public sealed class RandomBrightnessContrast : ImageOnlyTransform<RandomBrightnessContrastParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="brightnessLimit">Range of the brightness offset (<c>brightness_limit</c>, default ±0.2).</param>
    /// <param name="contrastLimit">Range of the contrast change (<c>contrast_limit</c>, default ±0.2).</param>
    /// <param name="brightnessByMax">Offset relative to the type maximum (true) or to the image mean.</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public RandomBrightnessContrast(Limit? brightnessLimit = null, Limit? contrastLimit = null,
        bool brightnessByMax = true, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        var brightnessLimitRange = (brightnessLimit ?? (-0.2, 0.2)).Symmetric();
        var contrastLimitRange = (contrastLimit ?? (-0.2, 0.2)).Symmetric();
        BrightnessLimit = brightnessLimitRange;
        ContrastLimit = contrastLimitRange;
        BrightnessByMax = brightnessByMax;
    }

    /// <summary>Brightness range.</summary>
    public (double Low, double High) BrightnessLimit { get; }

    /// <summary>Contrast range.</summary>
    public (double Low, double High) ContrastLimit { get; }

    /// <summary>Offset relative to the maximum value.</summary>
    public bool BrightnessByMax { get; }

    /// <inheritdoc />
    public override string Name => "RandomBrightnessContrast";

    /// <inheritdoc />
    public override RandomBrightnessContrastParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var alpha = 1.0 + random.Uniform(ContrastLimit.Low, ContrastLimit.High);
        var beta = random.Uniform(BrightnessLimit.Low, BrightnessLimit.High);
        return new(alpha, beta);
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, RandomBrightnessContrastParams parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(parameters);
        return ColorKernels.BrightnessContrast(image, parameters.Alpha, parameters.Beta, BrightnessByMax);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("brightness_limit", BrightnessLimit);
        writer.Add("contrast_limit", ContrastLimit);
        writer.Add("brightness_by_max", BrightnessByMax);
    }
}
