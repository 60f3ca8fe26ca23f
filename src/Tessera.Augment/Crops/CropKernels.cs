using Tessera.Augment.Common;
using Tessera.Augment.Targets;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;

namespace Tessera.Augment.Crops;

/// <summary>Crop windows and their effect on boxes and keypoints (albumentations 1.3.1 <c>crops/functional.py</c>).</summary>
internal static class CropKernels
{
    /// <summary><c>get_random_crop_coords</c>: (x1, y1, x2, y2).</summary>
    public static (int X1, int Y1, int X2, int Y2) RandomCropCoords(int height, int width, int cropHeight, int cropWidth, double hStart, double wStart)
    {
        var y1 = (int)((height - cropHeight + 1) * hStart);
        var x1 = (int)((width - cropWidth + 1) * wStart);
        return (x1, y1, x1 + cropWidth, y1 + cropHeight);
    }

    /// <summary><c>get_center_crop_coords</c>.</summary>
    public static (int X1, int Y1, int X2, int Y2) CenterCropCoords(int height, int width, int cropHeight, int cropWidth)
    {
        var y1 = FloorDiv(height - cropHeight, 2);
        var x1 = FloorDiv(width - cropWidth, 2);
        return (x1, y1, x1 + cropWidth, y1 + cropHeight);
    }

    public static int FloorDiv(int a, int b) => (int)Math.Floor(a / (double)b);

    /// <summary>Crops rows [y1, y2) and columns [x1, x2); the window must lie inside the image (albumentations <c>crop</c>).</summary>
    public static Image Crop(Image image, int x1, int y1, int x2, int y2)
    {
        ArgumentNullException.ThrowIfNull(image);
        Guard.That(x2 > x1, "x_max", $"must exceed x_min (got x_min {x1}, x_max {x2})");
        Guard.That(y2 > y1, "y_max", $"must exceed y_min (got y_min {y1}, y_max {y2})");
        Guard.That(x1 >= 0 && y1 >= 0 && x2 <= image.Width && y2 <= image.Height, "crop",
            $"window (x_min {x1}, y_min {y1}, x_max {x2}, y_max {y2}) must lie inside the {image.Height}×{image.Width} image");
        return PixelOps.Crop(image, x1, y1, x2, y2);
    }

    /// <summary>albumentations <c>clamping_crop</c>: the window is clamped to the image first.</summary>
    public static Image ClampingCrop(Image image, int x1, int y1, int x2, int y2)
    {
        ArgumentNullException.ThrowIfNull(image);
        x1 = Math.Max(0, x1);
        y1 = Math.Max(0, y1);
        y2 = y2 >= image.Height ? image.Height - 1 : y2;
        x2 = x2 >= image.Width ? image.Width - 1 : x2;
        Guard.That(x2 > x1 && y2 > y1, "crop", $"clamped window (x_min {x1}, y_min {y1}, x_max {x2}, y_max {y2}) is empty");
        return PixelOps.Crop(image, x1, y1, x2, y2);
    }

    /// <summary><c>random_crop</c>: requires the crop to fit.</summary>
    public static Image RandomCrop(Image image, int cropHeight, int cropWidth, double hStart, double wStart)
    {
        ArgumentNullException.ThrowIfNull(image);
        Guard.That(cropHeight <= image.Height && cropWidth <= image.Width, "crop",
            $"requested crop size ({cropHeight}, {cropWidth}) is larger than the image size ({image.Height}, {image.Width})");
        var (x1, y1, x2, y2) = RandomCropCoords(image.Height, image.Width, cropHeight, cropWidth, hStart, wStart);
        return PixelOps.Crop(image, x1, y1, x2, y2);
    }

    /// <summary><c>crop_bbox_by_coords</c> for a window starting at (x1, y1) of size (x2 - x1, y2 - y1).</summary>
    public static NormalizedBox CropBox(NormalizedBox b, int x1, int y1, int x2, int y2, ImageShape s)
    {
        double ch = y2 - y1, cw = x2 - x1;
        return b with
        {
            XMin = ((b.XMin * s.Width) - x1) / cw,
            YMin = ((b.YMin * s.Height) - y1) / ch,
            XMax = ((b.XMax * s.Width) - x1) / cw,
            YMax = ((b.YMax * s.Height) - y1) / ch,
        };
    }

    public static Keypoint CropKeypoint(Keypoint k, int x1, int y1) => k with { X = k.X - x1, Y = k.Y - y1 };
}
