using Tessera.Augment.Pipeline;
using Tessera.Augment.Pixel;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Color;

/// <summary>Parameters of <see cref="FancyPCA"/> (the keys of albumentations 1.3.1's replay params).</summary>
/// <param name="Alpha">The drawn scale (N(0, alpha)).</param>
public sealed record FancyPCAParams(double Alpha);

/// <summary>Shifts colours along the principal components of the image colour covariance (Krizhevsky et al.; RGB uint8) (albumentations <c>FancyPCA</c>).</summary>
public sealed class FancyPCA : ImageOnlyTransform<FancyPCAParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="alpha">Standard deviation of the scale (<c>alpha</c>).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public FancyPCA(double alpha = 0.1, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        Guard.That(alpha >= 0, nameof(alpha), "must be non-negative");
        Alpha = alpha;
    }

    /// <summary>Standard deviation of the scale (<c>alpha</c>).</summary>
    public double Alpha { get; }

    /// <inheritdoc />
    public override string Name => "FancyPCA";

    /// <inheritdoc />
    public override FancyPCAParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        return new(random.NextGaussian() * Alpha);
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, FancyPCAParams parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(parameters);
        return FancyPcaKernel.Apply(image, parameters.Alpha);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("alpha", Alpha);
    }
}
