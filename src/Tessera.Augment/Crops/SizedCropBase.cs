using Tessera.Augment.Common;
using Tessera.Augment.Geometric;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Crops;

/// <summary>
/// The shared part of the crop-then-resize transforms (albumentations <c>_BaseRandomSizedCrop</c>): crop a
/// <see cref="SizedCropParams"/> window, resize it to <see cref="Height"/>×<see cref="Width"/>.
/// </summary>
public abstract class SizedCropBase : DualTransform<SizedCropParams>
{
    private protected SizedCropBase(int height, int width, Interpolation interpolation, double p, bool alwaysApply) : base(p, alwaysApply)
    {
        Guard.Positive(height);
        Guard.Positive(width);
        Height = height;
        Width = width;
        Interpolation = CvFlags.CheckInterpolation(interpolation, nameof(interpolation));
    }

    /// <summary>Output rows.</summary>
    public int Height { get; }

    /// <summary>Output columns.</summary>
    public int Width { get; }

    /// <summary>Interpolation flag for the resize.</summary>
    public Interpolation Interpolation { get; }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, SizedCropParams parameters) => CropResize(image, parameters, Interpolation);

    /// <inheritdoc />
    public override Image ApplyToMask(Image mask, SizedCropParams parameters) => CropResize(mask, parameters, 0);

    /// <inheritdoc />
    public override NormalizedBox ApplyToBox(NormalizedBox box, SizedCropParams parameters, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var (x1, y1, x2, y2) = CropKernels.RandomCropCoords(shape.Height, shape.Width, parameters.CropHeight, parameters.CropWidth, parameters.HStart, parameters.WStart);
        return CropKernels.CropBox(box, x1, y1, x2, y2, shape);
    }

    /// <inheritdoc />
    public override Keypoint ApplyToKeypoint(Keypoint keypoint, SizedCropParams parameters, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var (x1, y1, _, _) = CropKernels.RandomCropCoords(shape.Height, shape.Width, parameters.CropHeight, parameters.CropWidth, parameters.HStart, parameters.WStart);
        var k = CropKernels.CropKeypoint(keypoint, x1, y1);
        return GeometricKernels.KeypointScale(k, Width / (double)parameters.CropWidth, Height / (double)parameters.CropHeight);
    }

    private Image CropResize(Image image, SizedCropParams p, Interpolation interpolation)
    {
        ArgumentNullException.ThrowIfNull(p);
        Guard.That(p.CropHeight > 0 && p.CropWidth > 0, "crop", $"size ({p.CropHeight}, {p.CropWidth}) must be positive");
        ArgumentNullException.ThrowIfNull(image);
        Guard.That(p.CropHeight <= image.Height && p.CropWidth <= image.Width, "crop",
            $"requested crop size ({p.CropHeight}, {p.CropWidth}) is larger than the image size ({image.Height}, {image.Width})");
        var (x1, y1, x2, y2) = CropKernels.RandomCropCoords(image.Height, image.Width, p.CropHeight, p.CropWidth, p.HStart, p.WStart);
        return CvImage.ResizeWindow(image, x1, y1, x2, y2, Height, Width, interpolation);
    }
}
