using Tessera.Augment.Pipeline;
using Tessera.Augment.Pixel;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Filters;

/// <summary>Parameters of <see cref="MotionBlur"/> (the keys of albumentations 1.3.1's replay params).</summary>
/// <param name="Kernel">The normalised line kernel (sums to 1).</param>
public sealed record MotionBlurParams(double[][] Kernel);

/// <summary>Convolves with a random line kernel (albumentations <c>MotionBlur</c>).</summary>
public sealed class MotionBlur : ImageOnlyTransform<MotionBlurParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="blurLimit">Kernel size range, odd, ≥ 3 (<c>blur_limit</c>, default (3, 7)).</param>
    /// <param name="allowShifted">Allow lines that do not pass through the kernel centre (<c>allow_shifted</c>).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public MotionBlur(IntLimit? blurLimit = null, bool allowShifted = true, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        var blurLimitRange = (blurLimit ?? (3, 7)).From(3);
        Guard.That((blurLimitRange.Low >= 3 && blurLimitRange.Low <= blurLimitRange.High), nameof(blurLimit), "must satisfy 3 ≤ low ≤ high");
        BlurLimit = blurLimitRange;
        AllowShifted = allowShifted;
    }

    /// <summary>Kernel size range, odd, ≥ 3 (<c>blur_limit</c>, default (3, 7)).</summary>
    public (int Low, int High) BlurLimit { get; }

    /// <summary>Allow lines that do not pass through the kernel centre (<c>allow_shifted</c>).</summary>
    public bool AllowShifted { get; }

    /// <inheritdoc />
    public override string Name => "MotionBlur";

    /// <inheritdoc />
    public override MotionBlurParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        return new(FilterKernels.MotionKernel(FilterKernels.OddChoice(BlurLimit, random), AllowShifted, random));
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, MotionBlurParams parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(parameters);
        Guard.That(parameters.Kernel.Length > 0 && parameters.Kernel.All(r => r.Length == parameters.Kernel.Length), "kernel", "must be a non-empty square matrix");
        return PixelCv.Convolve(image, parameters.Kernel);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("blur_limit", ((double)BlurLimit.Low, (double)BlurLimit.High));
        writer.Add("allow_shifted", AllowShifted);
    }
}
