using Tessera.Augment.Pipeline;
using Tessera.Augment.Pixel;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Filters;

/// <summary>Parameters of <see cref="Defocus"/> (the keys of albumentations 1.3.1's replay params).</summary>
/// <param name="Radius">Disk radius.</param>
/// <param name="AliasBlur">Sigma of the Gaussian applied to the disk.</param>
public sealed record DefocusParams(int Radius, double AliasBlur);

/// <summary>Defocus blur: a disk kernel softened by a small Gaussian (albumentations <c>Defocus</c>).</summary>
public sealed class Defocus : ImageOnlyTransform<DefocusParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="radius">Radius range (<c>radius</c>, default (3, 10)).</param>
    /// <param name="aliasBlur">Alias blur range (<c>alias_blur</c>, default (0.1, 0.5)).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public Defocus(IntLimit? radius = null, Limit? aliasBlur = null, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        var radiusRange = (radius ?? (3, 10)).From(1);
        var aliasBlurRange = (aliasBlur ?? (0.1, 0.5)).From(0);
        Guard.That((radiusRange.Low > 0 && radiusRange.Low <= radiusRange.High), nameof(radius), "must satisfy 0 < low ≤ high");
        Guard.That(aliasBlurRange.Low >= 0, nameof(aliasBlur), "must be non-negative");
        Radius = radiusRange;
        AliasBlur = aliasBlurRange;
    }

    /// <summary>Radius range (<c>radius</c>, default (3, 10)).</summary>
    public (int Low, int High) Radius { get; }

    /// <summary>Alias blur range (<c>alias_blur</c>, default (0.1, 0.5)).</summary>
    public (double Low, double High) AliasBlur { get; }

    /// <inheritdoc />
    public override string Name => "Defocus";

    /// <inheritdoc />
    public override DefocusParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        return new(random.NextInt(Radius.Low, Radius.High + 1), random.Uniform(AliasBlur.Low, AliasBlur.High));
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, DefocusParams parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(parameters);
        return PixelCv.Convolve(image, FilterKernels.DefocusKernel(parameters.Radius, parameters.AliasBlur));
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("radius", ((double)Radius.Low, (double)Radius.High));
        writer.Add("alias_blur", AliasBlur);
    }
}
