using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Dropout;

/// <summary>
/// Drops a regular grid of square holes (albumentations <c>GridDropout</c>); masks get <c>mask_fill_value</c> when set.
/// Boxes and keypoints are not supported, as in 1.3.1.
/// </summary>
public sealed class GridDropout : DualTransform<HolesParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="ratio">Hole side / grid unit (0–1).</param>
    /// <param name="unitSizeMin">Minimum grid unit (pixels), with <paramref name="unitSizeMax"/>.</param>
    /// <param name="unitSizeMax">Maximum grid unit.</param>
    /// <param name="holesNumberX">Holes per row (when no unit sizes).</param>
    /// <param name="holesNumberY">Holes per column.</param>
    /// <param name="shiftX">Grid offset x.</param>
    /// <param name="shiftY">Grid offset y.</param>
    /// <param name="randomOffset">Draw the offset.</param>
    /// <param name="fillValue">Image fill.</param>
    /// <param name="maskFillValue">Mask fill, or null.</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public GridDropout(double ratio = 0.5, int? unitSizeMin = null, int? unitSizeMax = null, int? holesNumberX = null, int? holesNumberY = null,
        int? shiftX = 0, int? shiftY = 0, bool randomOffset = false, double[]? fillValue = null, double[]? maskFillValue = null, double p = 0.5,
        bool alwaysApply = false) : base(p, alwaysApply)
    {
        Guard.That(ratio is > 0 and <= 1, nameof(ratio), $"must lie in (0, 1] (got {ratio})");
        Guard.That(unitSizeMin is null || unitSizeMax is null || (unitSizeMin >= 2 && unitSizeMin <= unitSizeMax), nameof(unitSizeMin),
            "must satisfy 2 ≤ unit_size_min ≤ unit_size_max");
        Ratio = ratio;
        UnitSizeMin = unitSizeMin;
        UnitSizeMax = unitSizeMax;
        HolesNumberX = holesNumberX;
        HolesNumberY = holesNumberY;
        ShiftX = shiftX;
        ShiftY = shiftY;
        RandomOffset = randomOffset;
        FillValue = fillValue ?? [0];
        MaskFillValue = maskFillValue;
    }

    /// <inheritdoc />
    public override bool SupportsBoxes => false;

    /// <inheritdoc />
    public override bool SupportsKeypoints => false;

    /// <inheritdoc />
    public override string Name => "GridDropout";

    /// <summary>Hole / unit ratio.</summary>
    public double Ratio { get; }

    /// <summary>Minimum unit.</summary>
    public int? UnitSizeMin { get; }

    /// <summary>Maximum unit.</summary>
    public int? UnitSizeMax { get; }

    /// <summary>Holes per row.</summary>
    public int? HolesNumberX { get; }

    /// <summary>Holes per column.</summary>
    public int? HolesNumberY { get; }

    /// <summary>Offset x.</summary>
    public int? ShiftX { get; }

    /// <summary>Offset y.</summary>
    public int? ShiftY { get; }

    /// <summary>Random offset.</summary>
    public bool RandomOffset { get; }

    /// <summary>Image fill.</summary>
    public IReadOnlyList<double> FillValue { get; }

    /// <summary>Mask fill.</summary>
    public IReadOnlyList<double>? MaskFillValue { get; }

    /// <inheritdoc />
    public override HolesParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        int height = context.Shape.Height, width = context.Shape.Width;
        int unitW, unitH;
        if (UnitSizeMin is { } umin && UnitSizeMax is { } umax && umin > 0 && umax > 0)
        {
            Guard.That(umax <= Math.Min(height, width), "unit_size_max", $"must not exceed the shortest image side {Math.Min(height, width)}");
            unitW = random.NextInt(umin, umax + 2);
            unitH = unitW;
        }
        else
        {
            Guard.That(HolesNumberX is null || (HolesNumberX >= 1 && HolesNumberX <= width), "holes_number_x", $"must lie in [1, {width}]");
            Guard.That(HolesNumberY is null || (HolesNumberY >= 1 && HolesNumberY <= height), "holes_number_y", $"must lie in [1, {height}]");
            unitW = HolesNumberX is { } nx ? width / nx : Math.Max(2, width / 10);
            unitH = HolesNumberY is { } ny ? height / ny : Math.Max(2, height / 10);
        }
        var holeW = Math.Min(Math.Max((int)(unitW * Ratio), 1), unitW - 1);
        var holeH = Math.Min(Math.Max((int)(unitH * Ratio), 1), unitH - 1);
        var sx = ShiftX is { } sxv ? Math.Min(Math.Max(0, sxv), unitW - holeW) : 0;
        var sy = ShiftY is { } syv ? Math.Min(Math.Max(0, syv), unitH - holeH) : 0;
        if (RandomOffset)
        {
            sx = random.NextInt(0, unitW - holeW + 1);
            sy = random.NextInt(0, unitH - holeH + 1);
        }
        var holes = new List<int[]>();
        for (var i = 0; i < (width / unitW) + 1; i++)
        {
            for (var j = 0; j < (height / unitH) + 1; j++)
            {
                var x1 = Math.Min(sx + (unitW * i), width);
                var y1 = Math.Min(sy + (unitH * j), height);
                holes.Add([x1, y1, Math.Min(x1 + holeW, width), Math.Min(y1 + holeH, height)]);
            }
        }
        return new HolesParams([.. holes]);
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, HolesParams parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return DropoutKernels.Cutout(image, parameters.Holes, FillValue);
    }

    /// <inheritdoc />
    public override Image ApplyToMask(Image mask, HolesParams parameters)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(parameters);
        return MaskFillValue is null ? mask.Clone() : DropoutKernels.Cutout(mask, parameters.Holes, MaskFillValue);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("ratio", Ratio);
        writer.Add("unit_size_min", UnitSizeMin);
        writer.Add("unit_size_max", UnitSizeMax);
        writer.Add("holes_number_x", HolesNumberX);
        writer.Add("holes_number_y", HolesNumberY);
        writer.Add("shift_x", ShiftX);
        writer.Add("shift_y", ShiftY);
        writer.Add("random_offset", RandomOffset);
        writer.AddFill("fill_value", FillValue.ToArray());
        writer.AddFill("mask_fill_value", MaskFillValue?.ToArray());
    }
}
