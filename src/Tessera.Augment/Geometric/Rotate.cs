using Tessera.Augment.Common;
using Tessera.Augment.Crops;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Geometric;

/// <summary>Parameters of <see cref="Rotate"/>: the angle and, with <c>crop_border</c>, the crop window.</summary>
/// <param name="Angle">Degrees, counter-clockwise.</param>
/// <param name="XMin">Crop window (only with <c>crop_border</c>).</param>
/// <param name="XMax">Crop window.</param>
/// <param name="YMin">Crop window.</param>
/// <param name="YMax">Crop window.</param>
public sealed record RotateParams(double Angle, int? XMin = null, int? XMax = null, int? YMin = null, int? YMax = null);

/// <summary>
/// Rotates by an angle drawn from <see cref="Limit"/> about the image centre (albumentations <c>Rotate</c>):
/// <c>cv2.getRotationMatrix2D((W/2 - 0.5, H/2 - 0.5), angle, 1)</c> + <c>warpAffine</c>; boxes by their corners
/// (<c>largest_box</c>) or an inscribed ellipse; optionally crops the largest axis-aligned rectangle inside.
/// </summary>
public sealed class Rotate : DualTransform<RotateParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="limit">Angle range in degrees.</param>
    /// <param name="interpolation">OpenCV interpolation flag.</param>
    /// <param name="borderMode">OpenCV border mode.</param>
    /// <param name="value">Fill for constant borders (image).</param>
    /// <param name="maskValue">Fill for constant borders (masks).</param>
    /// <param name="rotateMethod"><c>largest_box</c> or <c>ellipse</c>.</param>
    /// <param name="cropBorder">Crop to the largest rectangle without border pixels.</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    /// <exception cref="TesseraArgumentException">An argument is invalid.</exception>
    public Rotate(Limit? limit = null, Interpolation interpolation = Interpolation.Linear, BorderMode borderMode = BorderMode.Reflect101, double[]? value = null,
        double[]? maskValue = null, string rotateMethod = "largest_box", bool cropBorder = false, double p = 0.5, bool alwaysApply = false)
        : base(p, alwaysApply)
    {
        var limitRange = (limit ?? (-90, 90)).Symmetric();
        Limit = limitRange;
        Guard.That(double.IsFinite(Limit.Low) && double.IsFinite(Limit.High) && Limit.Low <= Limit.High, nameof(limit), "must be a finite [low, high] range");
        Interpolation = CvFlags.CheckInterpolation(interpolation, nameof(interpolation));
        BorderMode = CvFlags.CheckBorder(borderMode, nameof(borderMode));
        Guard.That(rotateMethod is "largest_box" or "ellipse", nameof(rotateMethod), $"must be 'largest_box' or 'ellipse' (got '{rotateMethod}')");
        Value = value;
        MaskValue = maskValue;
        RotateMethod = rotateMethod;
        CropBorder = cropBorder;
    }

    /// <inheritdoc />
    public override string Name => "Rotate";

    /// <summary>Angle range in degrees.</summary>
    public (double Low, double High) Limit { get; }

    /// <summary>OpenCV interpolation flag for images.</summary>
    public Interpolation Interpolation { get; }

    /// <summary>OpenCV border mode.</summary>
    public BorderMode BorderMode { get; }

    /// <summary>Constant border fill for images.</summary>
    public IReadOnlyList<double>? Value { get; }

    /// <summary>Constant border fill for masks.</summary>
    public IReadOnlyList<double>? MaskValue { get; }

    /// <summary>How boxes are rotated.</summary>
    public string RotateMethod { get; }

    /// <summary>Whether the rotated image is cropped to the largest inner rectangle.</summary>
    public bool CropBorder { get; }

    /// <inheritdoc />
    public override RotateParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        var angle = random.Uniform(Limit.Low, Limit.High);
        if (!CropBorder)
        {
            return new RotateParams(angle);
        }
        var (x1, x2, y1, y2) = LargestRotatedRect(context.Shape.Height, context.Shape.Width, angle);
        return new RotateParams(angle, x1, x2, y1, y2);
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, RotateParams parameters) => Warp(image, parameters, Interpolation, Value?.ToArray());

    /// <inheritdoc />
    public override Image ApplyToMask(Image mask, RotateParams parameters) => Warp(mask, parameters, 0, MaskValue?.ToArray());

    /// <inheritdoc />
    public override NormalizedBox ApplyToBox(NormalizedBox box, RotateParams parameters, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var b = GeometricKernels.BoxRotate(box, parameters.Angle, RotateMethod, shape);
        return CropBorder ? CropKernels.CropBox(b, parameters.XMin ?? 0, parameters.YMin ?? 0, parameters.XMax ?? 0, parameters.YMax ?? 0, shape) : b;
    }

    /// <inheritdoc />
    public override Keypoint ApplyToKeypoint(Keypoint keypoint, RotateParams parameters, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var k = GeometricKernels.KeypointRotate(keypoint, parameters.Angle, shape);
        return CropBorder ? k with { X = k.X - (parameters.XMin ?? 0), Y = k.Y - (parameters.YMin ?? 0) } : k;
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("limit", Limit);
        writer.Add("interpolation", Interpolation);
        writer.Add("border_mode", BorderMode);
        writer.AddFill("value", Value?.ToArray());
        writer.AddFill("mask_value", MaskValue?.ToArray());
        writer.Add("rotate_method", RotateMethod);
        writer.Add("crop_border", CropBorder);
    }

    /// <summary>albumentations <c>Rotate._rotated_rect_with_max_area</c>.</summary>
    internal static (int XMin, int XMax, int YMin, int YMax) LargestRotatedRect(int h, int w, double angleDeg)
    {
        var angle = angleDeg * Math.PI / 180.0;
        var widthIsLonger = w >= h;
        var (sideLong, sideShort) = widthIsLonger ? (w, h) : (h, w);
        var sinA = Math.Abs(Math.Sin(angle));
        var cosA = Math.Abs(Math.Cos(angle));
        double wr, hr;
        if (sideShort <= 2.0 * sinA * cosA * sideLong || Math.Abs(sinA - cosA) < 1e-10)
        {
            var x = 0.5 * sideShort;
            (wr, hr) = widthIsLonger ? (x / sinA, x / cosA) : (x / cosA, x / sinA);
        }
        else
        {
            var cos2A = (cosA * cosA) - (sinA * sinA);
            (wr, hr) = (((w * cosA) - (h * sinA)) / cos2A, ((h * cosA) - (w * sinA)) / cos2A);
        }
        return (Math.Max(0, (int)((w / 2.0) - (wr / 2))), Math.Min(w, (int)((w / 2.0) + (wr / 2))),
            Math.Max(0, (int)((h / 2.0) - (hr / 2))), Math.Min(h, (int)((h / 2.0) + (hr / 2))));
    }

    private Image Warp(Image image, RotateParams p, Interpolation interpolation, double[]? fill)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(p);
        var m = GeometricKernels.RotationMatrix((image.Width / 2.0) - 0.5, (image.Height / 2.0) - 0.5, p.Angle, 1.0);
        var output = CvImage.WarpAffine(image, m, image.Height, image.Width, interpolation, BorderMode, fill);
        return CropBorder ? CropKernels.Crop(output, p.XMin ?? 0, p.YMin ?? 0, p.XMax ?? output.Width, p.YMax ?? output.Height) : output;
    }
}
