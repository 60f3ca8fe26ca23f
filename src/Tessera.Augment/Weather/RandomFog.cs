using Tessera.Augment.Pipeline;
using Tessera.Augment.Pixel;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Weather;

/// <summary>Parameters of <see cref="RandomFog"/> (the keys of albumentations 1.3.1's replay params).</summary>
/// <param name="HazeList">Haze disc positions (x, y).</param>
/// <param name="FogCoef">Fog intensity.</param>
public sealed record RandomFogParams(int[][] HazeList, double FogCoef);

/// <summary>Blends white haze discs and blurs (RGB) (albumentations <c>RandomFog</c>).</summary>
public sealed class RandomFog : ImageOnlyTransform<RandomFogParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="fogCoefLower">Lowest intensity (<c>fog_coef_lower</c>).</param>
    /// <param name="fogCoefUpper">Highest intensity (<c>fog_coef_upper</c>).</param>
    /// <param name="alphaCoef">Disc transparency (<c>alpha_coef</c>).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public RandomFog(double fogCoefLower = 0.3, double fogCoefUpper = 1, double alphaCoef = 0.08, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        Guard.That(fogCoefLower >= 0 && fogCoefLower <= fogCoefUpper && fogCoefUpper <= 1, nameof(fogCoefLower), "must satisfy 0 ≤ lower ≤ upper ≤ 1");
        Guard.That(alphaCoef is >= 0 and <= 1, nameof(alphaCoef), "must lie in [0, 1]");
        FogCoefLower = fogCoefLower;
        FogCoefUpper = fogCoefUpper;
        AlphaCoef = alphaCoef;
    }

    /// <summary>Lowest intensity (<c>fog_coef_lower</c>).</summary>
    public double FogCoefLower { get; }

    /// <summary>Highest intensity (<c>fog_coef_upper</c>).</summary>
    public double FogCoefUpper { get; }

    /// <summary>Disc transparency (<c>alpha_coef</c>).</summary>
    public double AlphaCoef { get; }

    /// <inheritdoc />
    public override string Name => "RandomFog";

    /// <inheritdoc />
    public override RandomFogParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        var img = context.Image;
        var fog = random.Uniform(FogCoefLower, FogCoefUpper);
        int h = img.Height, w = img.Width;
        var hw = Math.Max(1, (int)(w / 3 * fog));
        var list = new List<int[]>();
        var midx = (w / 2) - (2 * hw);
        var midy = (h / 2) - hw;
        var index = 1;
        while (midx > -hw || midy > -hw)
        {
            for (var i = 0; i < hw / 10 * index; i++)
            {
                var x = RandInt(random, midx, w - midx - hw);
                var y = RandInt(random, midy, h - midy - hw);
                list.Add([x, y]);
            }
            midx -= 3 * hw * w / (h + w);
            midy -= 3 * hw * h / (h + w);
            index++;
        }
        return new(list.ToArray(), fog);
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, RandomFogParams parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(parameters);
        return WeatherKernels.Fog(image, parameters.FogCoef, AlphaCoef, parameters.HazeList);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("fog_coef_lower", FogCoefLower);
        writer.Add("fog_coef_upper", FogCoefUpper);
        writer.Add("alpha_coef", AlphaCoef);
    }

    /// <summary>Python's <c>random.randint(a, b)</c> (both ends included; an empty range uses a).</summary>
    private static int RandInt(IRandom random, int a, int b) => b < a ? a : random.NextInt(a, b + 1);
}
