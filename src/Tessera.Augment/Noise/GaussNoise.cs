using Tessera.Augment.Pipeline;
using Tessera.Augment.Pixel;
using Tessera.Augment.Serialization;
using Tessera.Core.Arrays;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Noise;

/// <summary>Parameters of <see cref="GaussNoise"/> (the keys of albumentations 1.3.1's replay params).</summary>
/// <param name="Gauss">The noise field: H×W×C (per channel), H×W×1 (shared) or H×W for 2-D images.</param>
public sealed record GaussNoiseParams(NdArray Gauss);

/// <summary>Adds Gaussian noise (uint8 results are clipped and truncated) (albumentations <c>GaussNoise</c>).</summary>
public sealed class GaussNoise : ImageOnlyTransform<GaussNoiseParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="varLimit">Variance range (<c>var_limit</c>, default (10, 50)).</param>
    /// <param name="mean">Mean of the noise (<c>mean</c>).</param>
    /// <param name="perChannel">Independent noise per channel (<c>per_channel</c>).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public GaussNoise(Limit? varLimit = null, double mean = 0, bool perChannel = true, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        var varLimitRange = (varLimit ?? (10, 50)).From(0);
        Guard.That(varLimitRange.Low >= 0, nameof(varLimit), "must be non-negative");
        VarLimit = varLimitRange;
        Mean = mean;
        PerChannel = perChannel;
    }

    /// <summary>Variance range (<c>var_limit</c>, default (10, 50)).</summary>
    public (double Low, double High) VarLimit { get; }

    /// <summary>Mean of the noise (<c>mean</c>).</summary>
    public double Mean { get; }

    /// <summary>Independent noise per channel (<c>per_channel</c>).</summary>
    public bool PerChannel { get; }

    /// <inheritdoc />
    public override string Name => "GaussNoise";

    /// <inheritdoc />
    public override GaussNoiseParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        var img = context.Image;
        var sigma = Math.Sqrt(random.Uniform(VarLimit.Low, VarLimit.High));
        int[] shape = img.Rank == 2 ? [img.Height, img.Width] : [img.Height, img.Width, PerChannel ? img.Channels : 1];
        var n = shape.Aggregate(1, (a, b) => a * b);
        var g = new double[n];
        for (var i = 0; i < n; i++)
        {
            g[i] = Mean + (sigma * random.NextGaussian());
        }
        return new(NdArray.FromArray<double>(g, shape));
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, GaussNoiseParams parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(parameters);
        return NoiseKernels.AddField(image, parameters.Gauss);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("var_limit", VarLimit);
        writer.Add("per_channel", PerChannel);
        writer.Add("mean", Mean);
    }
}
