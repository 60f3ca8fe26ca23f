using Tessera.Augment.Pipeline;
using Tessera.Augment.Pixel;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Filters;

/// <summary>Parameters of <see cref="Sharpen"/> (the keys of albumentations 1.3.1's replay params).</summary>
/// <param name="SharpeningMatrix">The 3×3 kernel.</param>
public sealed record SharpenParams(double[][] SharpeningMatrix);

/// <summary>Sharpens with a blend of identity and a Laplacian-like kernel (albumentations <c>Sharpen</c>).</summary>
public sealed class Sharpen : ImageOnlyTransform<SharpenParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="alpha">Blend range in [0, 1] (<c>alpha</c>, default (0.2, 0.5)).</param>
    /// <param name="lightness">Lightness range (<c>lightness</c>, default (0.5, 1.0)).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public Sharpen(Limit? alpha = null, Limit? lightness = null, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        var alphaRange = (alpha ?? (0.2, 0.5)).From(0);
        var lightnessRange = (lightness ?? (0.5, 1.0)).From(0);
        Guard.That((alphaRange.Low >= 0 && alphaRange.High <= 1), nameof(alpha), "must lie in [0, 1]");
        Alpha = alphaRange;
        Lightness = lightnessRange;
    }

    /// <summary>Blend range in [0, 1] (<c>alpha</c>, default (0.2, 0.5)).</summary>
    public (double Low, double High) Alpha { get; }

    /// <summary>Lightness range (<c>lightness</c>, default (0.5, 1.0)).</summary>
    public (double Low, double High) Lightness { get; }

    /// <inheritdoc />
    public override string Name => "Sharpen";

    /// <inheritdoc />
    public override SharpenParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        var a = (float)random.Uniform(Alpha.Low, Alpha.High);
        var l = (float)random.Uniform(Lightness.Low, Lightness.High);
        return new(FilterKernels.Blend3(a, [[-1, -1, -1], [-1, 8 + l, -1], [-1, -1, -1]]));
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, SharpenParams parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(parameters);
        return PixelCv.Convolve(image, parameters.SharpeningMatrix);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("alpha", Alpha);
        writer.Add("lightness", Lightness);
    }
}
