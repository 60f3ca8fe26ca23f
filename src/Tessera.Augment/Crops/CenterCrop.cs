using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Crops;

/// <summary>Crops the central <see cref="Height"/>×<see cref="Width"/> window (albumentations <c>CenterCrop</c>).</summary>
public sealed class CenterCrop : DualTransform<NoParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="height">Crop rows (≥ 1).</param>
    /// <param name="width">Crop columns (≥ 1).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    /// <exception cref="TesseraArgumentException">A size is not positive.</exception>
    public CenterCrop(int height, int width, double p = 1.0, bool alwaysApply = false) : base(p, alwaysApply)
    {
        Guard.Positive(height);
        Guard.Positive(width);
        Height = height;
        Width = width;
    }

    /// <inheritdoc />
    public override string Name => "CenterCrop";

    /// <summary>Crop rows.</summary>
    public int Height { get; }

    /// <summary>Crop columns.</summary>
    public int Width { get; }

    /// <inheritdoc />
    public override NoParams DrawParams(DrawContext context, IRandom random) => NoParams.Instance;

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, NoParams parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        Guard.That(Height <= image.Height && Width <= image.Width, "crop",
            $"requested crop size ({Height}, {Width}) is larger than the image size ({image.Height}, {image.Width})");
        var (x1, y1, x2, y2) = CropKernels.CenterCropCoords(image.Height, image.Width, Height, Width);
        return CropKernels.Crop(image, x1, y1, x2, y2);
    }

    /// <inheritdoc />
    public override NormalizedBox ApplyToBox(NormalizedBox box, NoParams parameters, ImageShape shape)
    {
        var (x1, y1, x2, y2) = CropKernels.CenterCropCoords(shape.Height, shape.Width, Height, Width);
        return CropKernels.CropBox(box, x1, y1, x2, y2, shape);
    }

    /// <inheritdoc />
    public override Keypoint ApplyToKeypoint(Keypoint keypoint, NoParams parameters, ImageShape shape)
    {
        var (x1, y1, _, _) = CropKernels.CenterCropCoords(shape.Height, shape.Width, Height, Width);
        return CropKernels.CropKeypoint(keypoint, x1, y1);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("height", Height);
        writer.Add("width", Width);
    }
}
