using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Crops;

/// <summary>
/// Crops around the sample's <see cref="Sample.CroppingBox"/> with each side shifted randomly by up to
/// <see cref="MaxPartShift"/> of the box size (albumentations <c>RandomCropNearBBox</c>).
/// </summary>
public sealed class RandomCropNearBBox : DualTransform<CropWindowParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="maxPartShift">Maximum shift as fractions of the box (height, width).</param>
    /// <param name="croppingBoxKey">Name of the target holding the box (albumentations' <c>cropping_box_key</c>).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public RandomCropNearBBox((double H, double W)? maxPartShift = null, string croppingBoxKey = "cropping_bbox", double p = 1.0, bool alwaysApply = false)
        : base(p, alwaysApply)
    {
        MaxPartShift = maxPartShift ?? (0.3, 0.3);
        Guard.That(MaxPartShift.H is >= 0 and <= 1 && MaxPartShift.W is >= 0 and <= 1, nameof(maxPartShift), $"must lie in [0, 1] (got {MaxPartShift})");
        CroppingBoxKey = croppingBoxKey;
    }

    /// <inheritdoc />
    public override string Name => "RandomCropNearBBox";

    /// <summary>Maximum shift (fractions of the box height, width).</summary>
    public (double H, double W) MaxPartShift { get; }

    /// <summary>Target name of the box.</summary>
    public string CroppingBoxKey { get; }

    /// <inheritdoc />
    public override CropWindowParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        var b = context.CroppingBox;
        Guard.That(b is { Count: 4 }, CroppingBoxKey, "RandomCropNearBBox needs the sample's CroppingBox [x_min, y_min, x_max, y_max]");
        var hShift = (int)Math.Round((b[3] - b[1]) * MaxPartShift.H, MidpointRounding.ToEven);
        var wShift = (int)Math.Round((b[2] - b[0]) * MaxPartShift.W, MidpointRounding.ToEven);
        var xMin = b[0] - random.NextInt(-wShift, wShift + 1);
        var xMax = b[2] + random.NextInt(-wShift, wShift + 1);
        var yMin = b[1] - random.NextInt(-hShift, hShift + 1);
        var yMax = b[3] + random.NextInt(-hShift, hShift + 1);
        return new CropWindowParams((int)Math.Max(0, xMin), (int)xMax, (int)Math.Max(0, yMin), (int)yMax);
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, CropWindowParams parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return CropKernels.ClampingCrop(image, parameters.XMin, parameters.YMin, parameters.XMax, parameters.YMax);
    }

    /// <inheritdoc />
    public override NormalizedBox ApplyToBox(NormalizedBox box, CropWindowParams parameters, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return CropKernels.CropBox(box, parameters.XMin, parameters.YMin, parameters.XMax, parameters.YMax, shape);
    }

    /// <inheritdoc />
    public override Keypoint ApplyToKeypoint(Keypoint keypoint, CropWindowParams parameters, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return CropKernels.CropKeypoint(keypoint, parameters.XMin, parameters.YMin);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("max_part_shift", (MaxPartShift.H, MaxPartShift.W));
        writer.Add("cropping_box_key", CroppingBoxKey);
    }
}
