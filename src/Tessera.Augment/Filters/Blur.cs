using OpenCvSharp;
using Tessera.Augment.Common;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Pixel;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Filters;

/// <summary>Parameters of <see cref="Blur"/> (the keys of albumentations 1.3.1's replay params).</summary>
/// <param name="Ksize">Kernel size.</param>
public sealed record BlurParams(int Ksize);

/// <summary>Box blur with a random odd kernel size (albumentations <c>Blur</c>).</summary>
public sealed class Blur : ImageOnlyTransform<BlurParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="blurLimit">Kernel size range (<c>blur_limit</c>, default (3, 7)).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public Blur(IntLimit? blurLimit = null, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        var blurLimitRange = (blurLimit ?? (3, 7)).From(3);
        Guard.That((blurLimitRange.Low >= 1 && blurLimitRange.Low <= blurLimitRange.High), nameof(blurLimit), "must satisfy 1 ≤ low ≤ high");
        BlurLimit = blurLimitRange;
    }

    /// <summary>Kernel size range (<c>blur_limit</c>, default (3, 7)).</summary>
    public (int Low, int High) BlurLimit { get; }

    /// <inheritdoc />
    public override string Name => "Blur";

    /// <inheritdoc />
    public override BlurParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        return new(FilterKernels.OddChoice(BlurLimit, random));
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, BlurParams parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(parameters);
        Guard.That(parameters.Ksize >= 1, "ksize", "must be at least 1");
        return PixelCv.Map(image, (s, d) => Cv.Blur(s, d, new Size(parameters.Ksize, parameters.Ksize)));
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("blur_limit", ((double)BlurLimit.Low, (double)BlurLimit.High));
    }
}
