using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Crops;

/// <summary>Crops a random <see cref="Height"/>×<see cref="Width"/> window (albumentations <c>RandomCrop</c>).</summary>
public sealed class RandomCrop : DualTransform<CropPositionParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="height">Crop rows (≥ 1).</param>
    /// <param name="width">Crop columns (≥ 1).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    /// <exception cref="TesseraArgumentException">A size is not positive.</exception>
    public RandomCrop(int height, int width, double p = 1.0, bool alwaysApply = false) : base(p, alwaysApply)
    {
        Guard.Positive(height);
        Guard.Positive(width);
        Height = height;
        Width = width;
    }

    /// <inheritdoc />
    public override string Name => "RandomCrop";

    /// <summary>Crop rows.</summary>
    public int Height { get; }

    /// <summary>Crop columns.</summary>
    public int Width { get; }

    /// <inheritdoc />
    public override CropPositionParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return new CropPositionParams(random.NextDouble(), random.NextDouble());
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, CropPositionParams parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return CropKernels.RandomCrop(image, Height, Width, parameters.HStart, parameters.WStart);
    }

    /// <inheritdoc />
    public override NormalizedBox ApplyToBox(NormalizedBox box, CropPositionParams parameters, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var (x1, y1, x2, y2) = CropKernels.RandomCropCoords(shape.Height, shape.Width, Height, Width, parameters.HStart, parameters.WStart);
        return CropKernels.CropBox(box, x1, y1, x2, y2, shape);
    }

    /// <inheritdoc />
    public override Keypoint ApplyToKeypoint(Keypoint keypoint, CropPositionParams parameters, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var (x1, y1, _, _) = CropKernels.RandomCropCoords(shape.Height, shape.Width, Height, Width, parameters.HStart, parameters.WStart);
        return CropKernels.CropKeypoint(keypoint, x1, y1);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("height", Height);
        writer.Add("width", Width);
    }
}
