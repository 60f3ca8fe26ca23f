using Tessera.Augment.Pipeline;
using Tessera.Augment.Pixel;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Weather;

/// <summary>Parameters of <see cref="RandomShadow"/> (the keys of albumentations 1.3.1's replay params).</summary>
/// <param name="VerticesList">Shadow polygons, each [[[x, y], …]].</param>
public sealed record RandomShadowParams(int[][][][] VerticesList);

/// <summary>Darkens random polygons (HLS lightness halved; RGB) (albumentations <c>RandomShadow</c>).</summary>
public sealed class RandomShadow : ImageOnlyTransform<RandomShadowParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="shadowRoi">Region (x_min, y_min, x_max, y_max) as fractions (<c>shadow_roi</c>, default (0, 0.5, 1, 1)).</param>
    /// <param name="numShadowsLower">Fewest shadows (<c>num_shadows_lower</c>).</param>
    /// <param name="numShadowsUpper">Most shadows (<c>num_shadows_upper</c>).</param>
    /// <param name="shadowDimension">Polygon vertex count (<c>shadow_dimension</c>).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public RandomShadow(IReadOnlyList<double>? shadowRoi = null, int numShadowsLower = 1, int numShadowsUpper = 2, int shadowDimension = 5, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        Guard.That(shadowRoi is null || (shadowRoi.Count == 4 && shadowRoi.All(v => v is >= 0 and <= 1) && shadowRoi[0] <= shadowRoi[2] && shadowRoi[1] <= shadowRoi[3]), nameof(shadowRoi), "must be (x_min, y_min, x_max, y_max) in [0, 1] with min ≤ max");
        Guard.That(numShadowsLower >= 0 && numShadowsLower <= numShadowsUpper, nameof(numShadowsLower), "must satisfy 0 ≤ lower ≤ upper");
        Guard.That(shadowDimension >= 3, nameof(shadowDimension), "must be at least 3");
        ShadowRoi = shadowRoi ?? [0, 0.5, 1, 1];
        NumShadowsLower = numShadowsLower;
        NumShadowsUpper = numShadowsUpper;
        ShadowDimension = shadowDimension;
    }

    /// <summary>Region (x_min, y_min, x_max, y_max) as fractions (<c>shadow_roi</c>, default (0, 0.5, 1, 1)).</summary>
    public IReadOnlyList<double> ShadowRoi { get; }

    /// <summary>Fewest shadows (<c>num_shadows_lower</c>).</summary>
    public int NumShadowsLower { get; }

    /// <summary>Most shadows (<c>num_shadows_upper</c>).</summary>
    public int NumShadowsUpper { get; }

    /// <summary>Polygon vertex count (<c>shadow_dimension</c>).</summary>
    public int ShadowDimension { get; }

    /// <inheritdoc />
    public override string Name => "RandomShadow";

    /// <inheritdoc />
    public override RandomShadowParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        var img = context.Image;
        int h = img.Height, w = img.Width;
        var n = random.NextInt(NumShadowsLower, NumShadowsUpper + 1);
        int x0 = (int)(ShadowRoi[0] * w), y0 = (int)(ShadowRoi[1] * h), x1 = (int)(ShadowRoi[2] * w), y1 = (int)(ShadowRoi[3] * h);
        var list = new int[n][][][];
        for (var s = 0; s < n; s++)
        {
            var poly = new int[ShadowDimension][];
            for (var v = 0; v < ShadowDimension; v++)
            {
                poly[v] = [random.NextInt(x0, x1 + 1), random.NextInt(y0, y1 + 1)];
            }
            list[s] = [poly];
        }
        return new(list);
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, RandomShadowParams parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(parameters);
        return WeatherKernels.Shadow(image, parameters.VerticesList);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.AddFill("shadow_roi", ShadowRoi.ToArray());
        writer.Add("num_shadows_lower", NumShadowsLower);
        writer.Add("num_shadows_upper", NumShadowsUpper);
        writer.Add("shadow_dimension", ShadowDimension);
    }
}
