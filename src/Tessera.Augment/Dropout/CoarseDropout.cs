using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Dropout;

/// <summary>
/// Fills a random number of random rectangles (albumentations <c>CoarseDropout</c>); masks get
/// <c>mask_fill_value</c> when set; keypoints inside a hole are removed. Sizes are pixels (integers) or
/// fractions of the image size (floats in (0, 1]). Boxes are not supported, as in 1.3.1.
/// </summary>
/// <remarks>
/// 1.3.1 returns the surviving keypoints as <c>list(set(keypoints))</c>; inside a pipeline Tessera reproduces that
/// order for numeric labels (<see cref="PythonSetOrder"/>). <see cref="ApplyToKeypoints"/> alone keeps input order.
/// </remarks>
public sealed class CoarseDropout : DualTransform<HolesParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="maxHoles">Maximum number of holes.</param>
    /// <param name="maxHeight">Maximum hole height (pixels, or a fraction of the height when &lt; 1).</param>
    /// <param name="maxWidth">Maximum hole width.</param>
    /// <param name="minHoles">Minimum number of holes (default: <paramref name="maxHoles"/>).</param>
    /// <param name="minHeight">Minimum hole height (default: <paramref name="maxHeight"/>).</param>
    /// <param name="minWidth">Minimum hole width (default: <paramref name="maxWidth"/>).</param>
    /// <param name="fillValue">Image fill.</param>
    /// <param name="maskFillValue">Mask fill; null leaves masks unchanged.</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public CoarseDropout(int maxHoles = 8, double maxHeight = 8, double maxWidth = 8, int? minHoles = null, double? minHeight = null, double? minWidth = null,
        double[]? fillValue = null, double[]? maskFillValue = null, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        MaxHoles = maxHoles;
        MinHoles = minHoles ?? maxHoles;
        MaxHeight = maxHeight;
        MinHeight = minHeight ?? maxHeight;
        MaxWidth = maxWidth;
        MinWidth = minWidth ?? maxWidth;
        Guard.That(MinHoles >= 0 && MinHoles <= MaxHoles, nameof(minHoles), $"must satisfy 0 ≤ min_holes ≤ max_holes (got {MinHoles}, {MaxHoles})");
        Guard.That(MinHeight > 0 && MinHeight <= MaxHeight, nameof(minHeight), $"must satisfy 0 < min_height ≤ max_height (got {MinHeight}, {MaxHeight})");
        Guard.That(MinWidth > 0 && MinWidth <= MaxWidth, nameof(minWidth), $"must satisfy 0 < min_width ≤ max_width (got {MinWidth}, {MaxWidth})");
        FillValue = fillValue ?? [0];
        MaskFillValue = maskFillValue;
        Integral = new[] { MinHeight, MaxHeight, MinWidth, MaxWidth }.All(v => v >= 1 && v == Math.Floor(v));
    }

    /// <inheritdoc />
    public override bool SupportsBoxes => false;

    /// <inheritdoc />
    public override string Name => "CoarseDropout";

    /// <summary>Maximum holes.</summary>
    public int MaxHoles { get; }

    /// <summary>Minimum holes.</summary>
    public int MinHoles { get; }

    /// <summary>Maximum hole height.</summary>
    public double MaxHeight { get; }

    /// <summary>Minimum hole height.</summary>
    public double MinHeight { get; }

    /// <summary>Maximum hole width.</summary>
    public double MaxWidth { get; }

    /// <summary>Minimum hole width.</summary>
    public double MinWidth { get; }

    /// <summary>Image fill.</summary>
    public IReadOnlyList<double> FillValue { get; }

    /// <summary>Mask fill, or null.</summary>
    public IReadOnlyList<double>? MaskFillValue { get; }

    private bool Integral { get; }

    /// <inheritdoc />
    public override HolesParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        int h = context.Shape.Height, w = context.Shape.Width;
        var n = random.NextInt(MinHoles, MaxHoles + 1);
        var holes = new int[n][];
        for (var i = 0; i < n; i++)
        {
            int hh, hw;
            if (Integral)
            {
                hh = random.NextInt((int)MinHeight, (int)MaxHeight + 1);
                hw = random.NextInt((int)MinWidth, (int)MaxWidth + 1);
            }
            else
            {
                hh = (int)(h * random.Uniform(MinHeight, MaxHeight));
                hw = (int)(w * random.Uniform(MinWidth, MaxWidth));
            }
            hh = Math.Min(hh, h);
            hw = Math.Min(hw, w);
            var y1 = random.NextInt(0, h - hh + 1);
            var x1 = random.NextInt(0, w - hw + 1);
            holes[i] = [x1, y1, x1 + hw, y1 + hh];
        }
        return new HolesParams(holes);
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

    /// <inheritdoc />
    public override IReadOnlyList<Keypoint> ApplyToKeypoints(IReadOnlyList<Keypoint> keypoints, HolesParams parameters, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(keypoints);
        ArgumentNullException.ThrowIfNull(parameters);
        return keypoints.Where(k => !parameters.Holes.Any(h => InHole(k, h))).ToList();
    }

    internal override IReadOnlyList<Keypoint> ApplyToKeypointsInSample(WorkingSample sample, IReadOnlyList<Keypoint> keypoints, HolesParams parameters, ImageShape shape)
    {
        var tails = sample.KeypointLabelTails;
        var tuples = new List<double[]>();
        foreach (var k in keypoints)
        {
            var tail = tails?.Invoke(k.Tag) ?? [];
            var numeric = new List<double> { k.X, k.Y, k.Angle, k.Scale };
            foreach (var label in tail)
            {
                if (!TryNumber(label, out var v))
                {
                    return ApplyToKeypoints(keypoints, parameters, shape);
                }
                numeric.Add(v);
            }
            tuples.Add([.. numeric]);
        }
        var order = PythonSetOrder.Order(tuples);
        return order.Select(i => keypoints[i]).Where(k => !parameters.Holes.Any(h => InHole(k, h))).ToList();
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("max_holes", MaxHoles);
        WriteSize(writer, "max_height", MaxHeight);
        WriteSize(writer, "max_width", MaxWidth);
        writer.Add("min_holes", MinHoles);
        WriteSize(writer, "min_height", MinHeight);
        WriteSize(writer, "min_width", MinWidth);
        writer.AddFill("fill_value", FillValue.ToArray());
        writer.AddFill("mask_fill_value", MaskFillValue?.ToArray());
    }

    private void WriteSize(ArgWriter writer, string key, double value)
    {
        if (Integral)
        {
            writer.Add(key, (int)value);
        }
        else
        {
            writer.Add(key, value);
        }
    }

    private static bool InHole(Keypoint k, int[] h) => h[0] <= k.X && k.X < h[2] && h[1] <= k.Y && k.Y < h[3];

    private static bool TryNumber(object label, out double value)
    {
        switch (label)
        {
            case int i: value = i; return true;
            case long l: value = l; return true;
            case double d: value = d; return true;
            case float f: value = f; return true;
            case bool b: value = b ? 1 : 0; return true;
            default: value = 0; return false;
        }
    }
}
