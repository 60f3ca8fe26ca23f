using OpenCvSharp;
using Tessera.Augment.Common;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Pixel;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Filters;

/// <summary>Parameters of <see cref="MedianBlur"/> (the keys of albumentations 1.3.1's replay params).</summary>
/// <param name="Ksize">Aperture size (odd).</param>
public sealed record MedianBlurParams(int Ksize);

/// <summary>Median filter with a random odd aperture (albumentations <c>MedianBlur</c>).</summary>
public sealed class MedianBlur : ImageOnlyTransform<MedianBlurParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="blurLimit">Aperture range, odd bounds (<c>blur_limit</c>, default (3, 7)).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public MedianBlur(IntLimit? blurLimit = null, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        var blurLimitRange = (blurLimit ?? (3, 7)).From(3);
        Guard.That((blurLimitRange.Low % 2 == 1 && blurLimitRange.High % 2 == 1 && blurLimitRange.Low <= blurLimitRange.High), nameof(blurLimit), "MedianBlur supports only odd limits with low ≤ high");
        BlurLimit = blurLimitRange;
    }

    /// <summary>Aperture range, odd bounds (<c>blur_limit</c>, default (3, 7)).</summary>
    public (int Low, int High) BlurLimit { get; }

    /// <inheritdoc />
    public override string Name => "MedianBlur";

    /// <inheritdoc />
    public override MedianBlurParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        return new(FilterKernels.OddChoice(BlurLimit, random));
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, MedianBlurParams parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(parameters);
        var k = parameters.Ksize;
        Guard.That(k >= 1 && k % 2 == 1, "ksize", $"must be odd and positive (got {k})");
        Guard.That(image.PixelType != PixelType.Float32 || k is 3 or 5, "ksize", $"for a float32 image only 3 and 5 are valid (got {k})");
        return PixelCv.Map(image, (s, d) => Cv.MedianBlur(s, d, k));
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("blur_limit", ((double)BlurLimit.Low, (double)BlurLimit.High));
    }
}
