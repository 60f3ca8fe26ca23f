using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Dropout;

/// <summary>
/// Fills square-ish holes centred on random pixels (albumentations <c>Cutout</c>, deprecated in 1.3.1 and
/// image-only there). 1.3.1's serialized form omits <c>fill_value</c>; it is read and written when present.
/// </summary>
public sealed class Cutout : ImageOnlyTransform<HolesParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="numHoles">Number of holes.</param>
    /// <param name="maxHSize">Hole height.</param>
    /// <param name="maxWSize">Hole width.</param>
    /// <param name="fillValue">Fill (one value or per channel).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public Cutout(int numHoles = 8, int maxHSize = 8, int maxWSize = 8, double[]? fillValue = null, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        Guard.That(numHoles >= 0, nameof(numHoles), $"must be ≥ 0 (got {numHoles})");
        Guard.Positive(maxHSize);
        Guard.Positive(maxWSize);
        NumHoles = numHoles;
        MaxHSize = maxHSize;
        MaxWSize = maxWSize;
        FillValue = fillValue ?? [0];
    }

    /// <inheritdoc />
    public override string Name => "Cutout";

    /// <summary>Number of holes.</summary>
    public int NumHoles { get; }

    /// <summary>Hole height.</summary>
    public int MaxHSize { get; }

    /// <summary>Hole width.</summary>
    public int MaxWSize { get; }

    /// <summary>Fill value.</summary>
    public IReadOnlyList<double> FillValue { get; }

    /// <inheritdoc />
    public override HolesParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        int h = context.Shape.Height, w = context.Shape.Width;
        var holes = new int[NumHoles][];
        for (var i = 0; i < NumHoles; i++)
        {
            var y = random.NextInt(0, h + 1);
            var x = random.NextInt(0, w + 1);
            var y1 = Math.Clamp(y - (MaxHSize / 2), 0, h);
            var y2 = Math.Clamp(y1 + MaxHSize, 0, h);
            var x1 = Math.Clamp(x - (MaxWSize / 2), 0, w);
            var x2 = Math.Clamp(x1 + MaxWSize, 0, w);
            holes[i] = [x1, y1, x2, y2];
        }
        return new HolesParams(holes);
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, HolesParams parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return DropoutKernels.Cutout(image, parameters.Holes, FillValue);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("num_holes", NumHoles);
        writer.Add("max_h_size", MaxHSize);
        writer.Add("max_w_size", MaxWSize);
        writer.AddFill("fill_value", FillValue.ToArray());
    }
}
