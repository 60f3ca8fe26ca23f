using Tessera.Augment.Pipeline;
using Tessera.Augment.Pixel;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Filters;

/// <summary>Parameters of <see cref="UnsharpMask"/> (the keys of albumentations 1.3.1's replay params).</summary>
/// <param name="Ksize">Gaussian kernel size.</param>
/// <param name="Sigma">Gaussian sigma.</param>
/// <param name="Alpha">Sharpening strength.</param>
public sealed record UnsharpMaskParams(int Ksize, double Sigma, double Alpha);

/// <summary>Unsharp masking with a soft threshold mask (albumentations <c>UnsharpMask</c>).</summary>
public sealed class UnsharpMask : ImageOnlyTransform<UnsharpMaskParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="blurLimit">Kernel size range (<c>blur_limit</c>, default (3, 7)).</param>
    /// <param name="sigmaLimit">Sigma range (<c>sigma_limit</c>, default 0).</param>
    /// <param name="alpha">Strength range (<c>alpha</c>, default (0.2, 0.5)).</param>
    /// <param name="threshold">Residuals below this (0–255 units) are not sharpened (<c>threshold</c>).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public UnsharpMask(IntLimit? blurLimit = null, Limit? sigmaLimit = null, Limit? alpha = null, int threshold = 10, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        var blurLimitRange = (blurLimit ?? (3, 7)).From(3);
        var sigmaLimitRange = (sigmaLimit ?? (0, 0)).From(0);
        var alphaRange = (alpha ?? (0.2, 0.5)).From(0);
        Guard.That(threshold is >= 0 and <= 255, nameof(threshold), "must lie in [0, 255]");
        BlurLimit = blurLimitRange;
        SigmaLimit = sigmaLimitRange;
        Alpha = alphaRange;
        Threshold = threshold;
    }

    /// <summary>Kernel size range (<c>blur_limit</c>, default (3, 7)).</summary>
    public (int Low, int High) BlurLimit { get; }

    /// <summary>Sigma range (<c>sigma_limit</c>, default 0).</summary>
    public (double Low, double High) SigmaLimit { get; }

    /// <summary>Strength range (<c>alpha</c>, default (0.2, 0.5)).</summary>
    public (double Low, double High) Alpha { get; }

    /// <summary>Residuals below this (0–255 units) are not sharpened (<c>threshold</c>).</summary>
    public int Threshold { get; }

    /// <inheritdoc />
    public override string Name => "UnsharpMask";

    /// <inheritdoc />
    public override UnsharpMaskParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        var n = ((BlurLimit.High - BlurLimit.Low) / 2) + 1;
        var k = BlurLimit.Low + (2 * random.NextInt(0, Math.Max(1, n)));
        return new(k, random.Uniform(SigmaLimit.Low, SigmaLimit.High), random.Uniform(Alpha.Low, Alpha.High));
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, UnsharpMaskParams parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(parameters);
        return FilterKernels.UnsharpMask(image, parameters.Ksize, parameters.Sigma, parameters.Alpha, Threshold);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("blur_limit", ((double)BlurLimit.Low, (double)BlurLimit.High));
        writer.Add("sigma_limit", SigmaLimit);
        writer.Add("alpha", Alpha);
        writer.Add("threshold", Threshold);
    }
}
