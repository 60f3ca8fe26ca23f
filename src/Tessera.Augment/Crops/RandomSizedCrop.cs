using Tessera.Augment.Common;
using Tessera.Augment.Geometric;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Crops;

/// <summary>Crops a random window whose height comes from <see cref="MinMaxHeight"/> and resizes it (albumentations <c>RandomSizedCrop</c>).</summary>
public sealed class RandomSizedCrop : SizedCropBase
{
    /// <summary>Creates the transform.</summary>
    /// <param name="minMaxHeight">Crop height range (inclusive).</param>
    /// <param name="height">Output rows.</param>
    /// <param name="width">Output columns.</param>
    /// <param name="w2hRatio">Crop width / crop height.</param>
    /// <param name="interpolation">Interpolation flag.</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public RandomSizedCrop((int Low, int High) minMaxHeight, int height, int width, double w2hRatio = 1.0, Interpolation interpolation = Interpolation.Linear, double p = 1.0,
        bool alwaysApply = false) : base(height, width, interpolation, p, alwaysApply)
    {
        Guard.That(minMaxHeight.Low >= 1 && minMaxHeight.Low <= minMaxHeight.High, nameof(minMaxHeight), $"must be 1 ≤ low ≤ high (got {minMaxHeight})");
        Guard.That(w2hRatio > 0 && double.IsFinite(w2hRatio), nameof(w2hRatio), $"must be positive (got {w2hRatio})");
        MinMaxHeight = minMaxHeight;
        W2HRatio = w2hRatio;
    }

    /// <inheritdoc />
    public override string Name => "RandomSizedCrop";

    /// <summary>Crop height range.</summary>
    public (int Low, int High) MinMaxHeight { get; }

    /// <summary>Width / height of the crop.</summary>
    public double W2HRatio { get; }

    /// <inheritdoc />
    public override SizedCropParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var ch = random.NextInt(MinMaxHeight.Low, MinMaxHeight.High + 1);
        return new SizedCropParams(random.NextDouble(), random.NextDouble(), ch, (int)(ch * W2HRatio));
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("min_max_height", MinMaxHeight);
        writer.Add("height", Height);
        writer.Add("width", Width);
        writer.Add("w2h_ratio", W2HRatio);
        writer.Add("interpolation", Interpolation);
    }
}
