using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Random;

namespace Tessera.Augment.Crops;

/// <summary>
/// Crops a random window that contains every box (the union, optionally eroded) and resizes it
/// (albumentations <c>RandomSizedBBoxSafeCrop</c>). Keypoints are not supported, as in 1.3.1.
/// </summary>
public sealed class RandomSizedBBoxSafeCrop : SizedCropBase
{
    /// <summary>Creates the transform.</summary>
    /// <param name="height">Output rows.</param>
    /// <param name="width">Output columns.</param>
    /// <param name="erosionRate">How much each box may shrink before the union is taken (0–1).</param>
    /// <param name="interpolation">Interpolation flag.</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public RandomSizedBBoxSafeCrop(int height, int width, double erosionRate = 0.0, Interpolation interpolation = Interpolation.Linear, double p = 1.0, bool alwaysApply = false)
        : base(height, width, interpolation, p, alwaysApply)
    {
        Guard.InRange(erosionRate, 0, 1);
        ErosionRate = erosionRate;
    }

    /// <inheritdoc />
    public override bool SupportsKeypoints => false;

    /// <inheritdoc />
    public override string Name => "RandomSizedBBoxSafeCrop";

    /// <summary>Box erosion before the union.</summary>
    public double ErosionRate { get; }

    /// <inheritdoc />
    public override SizedCropParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        int ih = context.Shape.Height, iw = context.Shape.Width;
        if (context.Boxes.Count == 0)
        {
            var erosive = (int)(ih * (1.0 - ErosionRate));
            var ch = erosive >= ih ? ih : random.NextInt(erosive, ih + 1);
            return new SizedCropParams(random.NextDouble(), random.NextDouble(), ch, (int)(ch * iw / (double)ih));
        }
        double x = iw, y = ih, x2 = 0, y2 = 0;
        foreach (var b in context.Boxes)
        {
            var w = b.XMax - b.XMin;
            var h = b.YMax - b.YMin;
            x = Math.Min(x, b.XMin + (ErosionRate * w));
            y = Math.Min(y, b.YMin + (ErosionRate * h));
            x2 = Math.Max(x2, b.XMax - (ErosionRate * w));
            y2 = Math.Max(y2, b.YMax - (ErosionRate * h));
        }
        double bx = x * random.NextDouble(), by = y * random.NextDouble();
        double bx2 = x2 + ((1 - x2) * random.NextDouble()), by2 = y2 + ((1 - y2) * random.NextDouble());
        double bw = bx2 - bx, bh = by2 - by;
        var cropH = bh >= 1.0 ? ih : (int)(ih * bh);
        var cropW = bw >= 1.0 ? iw : (int)(iw * bw);
        var hStart = Math.Clamp(bh >= 1.0 ? 0.0 : by / (1.0 - bh), 0.0, 1.0);
        var wStart = Math.Clamp(bw >= 1.0 ? 0.0 : bx / (1.0 - bw), 0.0, 1.0);
        return new SizedCropParams(hStart, wStart, Math.Max(1, cropH), Math.Max(1, cropW));
    }

    /// <inheritdoc />
    public override Targets.Keypoint ApplyToKeypoint(Targets.Keypoint keypoint, SizedCropParams parameters, Targets.ImageShape shape)
        => throw new TesseraArgumentException("keypoints", "RandomSizedBBoxSafeCrop does not support keypoints (as in albumentations 1.3.1)");

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("height", Height);
        writer.Add("width", Width);
        writer.Add("erosion_rate", ErosionRate);
        writer.Add("interpolation", Interpolation);
    }
}
