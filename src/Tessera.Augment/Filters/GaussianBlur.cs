using OpenCvSharp;
using Tessera.Augment.Common;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Pixel;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Filters;

/// <summary>Parameters of <see cref="GaussianBlur"/> (the keys of albumentations 1.3.1's replay params).</summary>
/// <param name="Ksize">Kernel size (0: OpenCV derives it from sigma).</param>
/// <param name="Sigma">Standard deviation (0: OpenCV derives it from the size).</param>
public sealed record GaussianBlurParams(int Ksize, double Sigma);

/// <summary>Gaussian blur with a random odd kernel size (0 = from sigma) and sigma (albumentations <c>GaussianBlur</c>).</summary>
public sealed class GaussianBlur : ImageOnlyTransform<GaussianBlurParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="blurLimit">Kernel size range (<c>blur_limit</c>, default (3, 7)); 0 allowed.</param>
    /// <param name="sigmaLimit">Sigma range (<c>sigma_limit</c>, default 0).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public GaussianBlur(IntLimit? blurLimit = null, Limit? sigmaLimit = null, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        var blurLimitRange = (blurLimit ?? (3, 7)).From(0);
        var sigmaLimitRange = (sigmaLimit ?? (0, 0)).From(0);
        var bl = blurLimitRange;
        Guard.That(bl.Low >= 0 && bl.Low <= bl.High, nameof(blurLimit), "must satisfy 0 ≤ low ≤ high");
        Guard.That((bl.Low == 0 || bl.Low % 2 == 1) && (bl.High == 0 || bl.High % 2 == 1), nameof(blurLimit), "bounds must be 0 or odd");
        Guard.That(!(bl.Low == 0 && bl.High == 0 && sigmaLimitRange.High == 0), nameof(sigmaLimit), "blur_limit and sigma_limit cannot both be 0");
        BlurLimit = blurLimitRange;
        SigmaLimit = sigmaLimitRange;
    }

    /// <summary>Kernel size range (<c>blur_limit</c>, default (3, 7)); 0 allowed.</summary>
    public (int Low, int High) BlurLimit { get; }

    /// <summary>Sigma range (<c>sigma_limit</c>, default 0).</summary>
    public (double Low, double High) SigmaLimit { get; }

    /// <inheritdoc />
    public override string Name => "GaussianBlur";

    /// <inheritdoc />
    public override GaussianBlurParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        var k = random.NextInt(BlurLimit.Low, BlurLimit.High + 1);
        if (k != 0 && k % 2 != 1)
        {
            k = (k + 1) % (BlurLimit.High + 1);
        }
        return new(k, random.Uniform(SigmaLimit.Low, SigmaLimit.High));
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, GaussianBlurParams parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(parameters);
        var k = parameters.Ksize;
        Guard.That(k == 0 || (k > 0 && k % 2 == 1), "ksize", $"must be 0 or odd (got {k})");
        Guard.That(k != 0 || parameters.Sigma > 0, "sigma", "must be positive when ksize is 0");
        // OpenCV's uint8 path with sigma 0 and k ≤ 7 is a fixed binomial kernel: same bits, computed without OpenCV
        if (BinomialBlur8U.Supports(image, k, parameters.Sigma))
        {
            return BinomialBlur8U.Apply(image, k);
        }
        return PixelCv.Map(image, (s, d) => Cv.GaussianBlur(s, d, new Size(k, k), parameters.Sigma));
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("blur_limit", ((double)BlurLimit.Low, (double)BlurLimit.High));
        writer.Add("sigma_limit", SigmaLimit);
    }
}
