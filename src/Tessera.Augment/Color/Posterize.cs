using System.Text.Json.Nodes;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Pixel;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Color;

/// <summary>Parameters of <see cref="Posterize"/> (the keys of albumentations 1.3.1's replay params).</summary>
/// <param name="NumBits">Bits kept: one value for all channels or one per RGB channel.</param>
public sealed record PosterizeParams(int[] NumBits);

/// <summary>Keeps only the high bits of each channel (albumentations <c>Posterize</c>).</summary>
public sealed class Posterize : ImageOnlyTransform<PosterizeParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="numBits">One range for all channels or three (per channel) of kept bits (<c>num_bits</c>, default 4).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public Posterize(IReadOnlyList<(int Low, int High)>? numBits = null, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        Guard.That(numBits is null || numBits.Count is 1 or 3, nameof(numBits), "must hold one range or three (one per channel)");
        foreach (var (lo, hi) in numBits ?? [])
        {
            Guard.That(lo >= 0 && hi <= 8 && lo <= hi, nameof(numBits), "bits must lie in [0, 8]");
        }
        NumBits = numBits ?? [(4, 4)];
    }

    /// <summary>One range for all channels or three (per channel) of kept bits (<c>num_bits</c>, default 4).</summary>
    public IReadOnlyList<(int Low, int High)> NumBits { get; }

    /// <inheritdoc />
    public override string Name => "Posterize";

    /// <inheritdoc />
    public override PosterizeParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        return new(NumBits.Select(r => random.NextInt(r.Low, r.High + 1)).ToArray());
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, PosterizeParams parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(parameters);
        return ColorKernels.Posterize(image, parameters.NumBits);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        if (NumBits.Count == 1)
        {
            writer.Add("num_bits", ((double)NumBits[0].Low, (double)NumBits[0].High));
        }
        else
        {
            writer.AddNode("num_bits", new JsonArray(NumBits.Select(r => (JsonNode)new JsonArray(r.Low, r.High)).ToArray()));
        }
    }

    internal override PosterizeParams ReadParams(JsonObject node, ParamsContext context)
    {
        var n = node["num_bits"];
        Guard.That(n is not null, "Posterize.params.num_bits", "is missing");
        return new(n is JsonArray a ? a.Select(x => x!.GetValue<int>()).ToArray() : [n.GetValue<int>()]);
    }

    internal override JsonNode WriteParams(PosterizeParams parameters)
        => new JsonObject { ["num_bits"] = parameters.NumBits.Length == 1 ? JsonValue.Create(parameters.NumBits[0]) : new JsonArray(parameters.NumBits.Select(b => (JsonNode)b).ToArray()) };
}
