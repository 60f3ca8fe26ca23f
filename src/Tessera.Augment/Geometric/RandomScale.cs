using Tessera.Augment.Common;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Geometric;

/// <summary>Parameters of <see cref="RandomScale"/>.</summary>
/// <param name="Scale">The scale factor.</param>
public sealed record RandomScaleParams(double Scale);

/// <summary>Rescales by a random factor; the output size changes (albumentations <c>RandomScale</c>).</summary>
public sealed class RandomScale : DualTransform<RandomScaleParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="scaleLimit">albumentations' <c>scale_limit</c>: the factor is 1 + value, so (−0.1, 0.1) draws factors in (0.9, 1.1);
    /// a number x means (−x, x) (default 0.1).</param>
    /// <param name="interpolation">Interpolation (default linear).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public RandomScale(Limit? scaleLimit = null, Interpolation interpolation = Interpolation.Linear, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        ScaleLimit = (scaleLimit ?? 0.1).Finite(nameof(scaleLimit)).Symmetric(bias: 1);
        Guard.That(ScaleLimit.Low > 0 && ScaleLimit.Low <= ScaleLimit.High, nameof(scaleLimit),
            $"1 + scale_limit must be positive, ordered factors (got scale_limit {scaleLimit ?? 0.1}, factors ({ScaleLimit.Low}, {ScaleLimit.High})); pass e.g. (-0.1, 0.1), not factors");
        Interpolation = CvFlags.CheckInterpolation(interpolation, nameof(interpolation));
    }

    /// <inheritdoc />
    public override string Name => "RandomScale";

    /// <summary>Factor range: 1 + <c>scale_limit</c>.</summary>
    public (double Low, double High) ScaleLimit { get; }

    /// <summary>Interpolation flag.</summary>
    public Interpolation Interpolation { get; }

    /// <inheritdoc />
    public override RandomScaleParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return new RandomScaleParams(random.Uniform(ScaleLimit.Low, ScaleLimit.High));
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, RandomScaleParams parameters) => Scale(image, parameters, Interpolation);

    /// <inheritdoc />
    public override Image ApplyToMask(Image mask, RandomScaleParams parameters) => Scale(mask, parameters, 0);

    /// <inheritdoc />
    public override NormalizedBox ApplyToBox(NormalizedBox box, RandomScaleParams parameters, ImageShape shape) => box;

    /// <inheritdoc />
    public override Keypoint ApplyToKeypoint(Keypoint keypoint, RandomScaleParams parameters, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return GeometricKernels.KeypointScale(keypoint, parameters.Scale, parameters.Scale);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("interpolation", Interpolation);
        writer.Add("scale_limit", (ScaleLimit.Low - 1, ScaleLimit.High - 1));
    }

    private static Image Scale(Image image, RandomScaleParams p, Interpolation interpolation)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(p);
        var h = (int)(image.Height * p.Scale);
        var w = (int)(image.Width * p.Scale);
        Guard.That(h > 0 && w > 0, "scale", $"{p.Scale} makes the {image.Height}×{image.Width} image empty");
        return CvImage.Resize(image, h, w, interpolation);
    }
}
