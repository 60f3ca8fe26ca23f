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
    /// <param name="scaleLimit">Scale factor range (1 + albumentations' <c>scale_limit</c>).</param>
    /// <param name="interpolation">Interpolation flag.</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public RandomScale((double Low, double High)? scaleLimit = null, int interpolation = 1, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        ScaleLimit = scaleLimit ?? (0.9, 1.1);
        Guard.That(ScaleLimit.Low > 0 && ScaleLimit.Low <= ScaleLimit.High, nameof(scaleLimit), $"factors must be positive and ordered (got {ScaleLimit})");
        Interpolation = CvFlags.Interpolation(interpolation, nameof(interpolation));
    }

    /// <inheritdoc />
    public override string Name => "RandomScale";

    /// <summary>Factor range.</summary>
    public (double Low, double High) ScaleLimit { get; }

    /// <summary>Interpolation flag.</summary>
    public int Interpolation { get; }

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

    private static Image Scale(Image image, RandomScaleParams p, int interpolation)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(p);
        var h = (int)(image.Height * p.Scale);
        var w = (int)(image.Width * p.Scale);
        Guard.That(h > 0 && w > 0, "scale", $"{p.Scale} makes the {image.Height}×{image.Width} image empty");
        return CvImage.Resize(image, h, w, interpolation);
    }
}
