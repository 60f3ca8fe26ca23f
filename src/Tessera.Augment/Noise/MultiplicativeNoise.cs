using System.Text.Json.Nodes;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Pixel;
using Tessera.Augment.Serialization;
using Tessera.Core.Arrays;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Noise;

/// <summary>Parameters of <see cref="MultiplicativeNoise"/> (the keys of albumentations 1.3.1's replay params).</summary>
/// <param name="Multiplier">Factors: shape [1] or [C] (broadcast), or H×W×C / H×W×1 / H×W (element-wise).</param>
public sealed record MultiplicativeNoiseParams(NdArray Multiplier);

/// <summary>Multiplies by random factors (one, per channel, or per element) (albumentations <c>MultiplicativeNoise</c>).</summary>
public sealed class MultiplicativeNoise : ImageOnlyTransform<MultiplicativeNoiseParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="multiplier">Factor range (<c>multiplier</c>, default (0.9, 1.1)).</param>
    /// <param name="perChannel">Independent factors per channel (<c>per_channel</c>).</param>
    /// <param name="elementwise">Independent factors per pixel (<c>elementwise</c>).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public MultiplicativeNoise(Limit? multiplier = null, bool perChannel = false, bool elementwise = false, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        var multiplierRange = (multiplier ?? (0.9, 1.1)).Exact();
        Guard.That(multiplierRange.Low >= 0, nameof(multiplier), "must be non-negative");
        Multiplier = multiplierRange;
        PerChannel = perChannel;
        Elementwise = elementwise;
    }

    /// <summary>Factor range (<c>multiplier</c>, default (0.9, 1.1)).</summary>
    public (double Low, double High) Multiplier { get; }

    /// <summary>Independent factors per channel (<c>per_channel</c>).</summary>
    public bool PerChannel { get; }

    /// <summary>Independent factors per pixel (<c>elementwise</c>).</summary>
    public bool Elementwise { get; }

    /// <inheritdoc />
    public override string Name => "MultiplicativeNoise";

    /// <inheritdoc />
    public override MultiplicativeNoiseParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        var img = context.Image;
        if (Multiplier.Low == Multiplier.High)
        {
            return new(NdArray.FromArray<double>([Multiplier.Low], 1));
        }
        var c = PerChannel ? (PixelCv.IsGray(img) ? 1 : img.Channels) : 1;
        int[] shape = Elementwise ? (img.Rank == 2 && c == 1 ? [img.Height, img.Width] : [img.Height, img.Width, c]) : [c];
        var n = shape.Aggregate(1, (a, b) => a * b);
        var m = new double[n];
        for (var i = 0; i < n; i++)
        {
            m[i] = random.Uniform(Multiplier.Low, Multiplier.High);
        }
        return new(NdArray.FromArray<double>(m, shape));
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, MultiplicativeNoiseParams parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(parameters);
        return NoiseKernels.Multiply(image, parameters.Multiplier);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("multiplier", Multiplier);
        writer.Add("per_channel", PerChannel);
        writer.Add("elementwise", Elementwise);
    }

    internal override MultiplicativeNoiseParams ReadParams(JsonObject node, ParamsContext context)
    {
        if (node["multiplier"] is JsonArray list)
        {
            var values = list.Select(x => x!.GetValue<double>()).ToArray();
            return new(NdArray.FromArray<double>(values, values.Length));
        }
        return base.ReadParams(node, context);
    }
}
