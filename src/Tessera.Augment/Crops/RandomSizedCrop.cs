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
    private protected SizedCropBase(int height, int width, int interpolation, double p, bool alwaysApply) : base(p, alwaysApply)
    {
        Guard.Positive(height);
        Guard.Positive(width);
        Height = height;
        Width = width;
        Interpolation = CvFlags.Interpolation(interpolation, nameof(interpolation));
    }

    /// <summary>Output rows.</summary>
    public int Height { get; }

    /// <summary>Output columns.</summary>
    public int Width { get; }

    /// <summary>Interpolation flag for the resize.</summary>
    public int Interpolation { get; }

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

    private Image CropResize(Image image, SizedCropParams p, int interpolation)
    {
        ArgumentNullException.ThrowIfNull(p);
        Guard.That(p.CropHeight > 0 && p.CropWidth > 0, "crop", $"size ({p.CropHeight}, {p.CropWidth}) must be positive");
        var crop = CropKernels.RandomCrop(image, p.CropHeight, p.CropWidth, p.HStart, p.WStart);
        return CvImage.Resize(crop, Height, Width, interpolation);
    }
}

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
    public RandomSizedCrop((int Low, int High) minMaxHeight, int height, int width, double w2hRatio = 1.0, int interpolation = 1, double p = 1.0,
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

/// <summary>Torchvision-style random area/aspect crop, resized to the output size (albumentations <c>RandomResizedCrop</c>).</summary>
public sealed class RandomResizedCrop : SizedCropBase
{
    /// <summary>Creates the transform.</summary>
    /// <param name="height">Output rows.</param>
    /// <param name="width">Output columns.</param>
    /// <param name="scale">Range of the crop area as a fraction of the image area.</param>
    /// <param name="ratio">Range of the crop aspect ratio (width / height).</param>
    /// <param name="interpolation">Interpolation flag.</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public RandomResizedCrop(int height, int width, (double Low, double High)? scale = null, (double Low, double High)? ratio = null,
        int interpolation = 1, double p = 1.0, bool alwaysApply = false) : base(height, width, interpolation, p, alwaysApply)
    {
        Scale = scale ?? (0.08, 1.0);
        Ratio = ratio ?? (0.75, 4.0 / 3.0);
        Guard.That(Scale.Low > 0 && Scale.Low <= Scale.High, nameof(scale), $"must be 0 < low ≤ high (got {Scale})");
        Guard.That(Ratio.Low > 0 && Ratio.Low <= Ratio.High, nameof(ratio), $"must be 0 < low ≤ high (got {Ratio})");
    }

    /// <inheritdoc />
    public override string Name => "RandomResizedCrop";

    /// <summary>Area range.</summary>
    public (double Low, double High) Scale { get; }

    /// <summary>Aspect ratio range.</summary>
    public (double Low, double High) Ratio { get; }

    /// <inheritdoc />
    public override SizedCropParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        int ih = context.Shape.Height, iw = context.Shape.Width;
        var area = (double)ih * iw;
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var target = random.Uniform(Scale.Low, Scale.High) * area;
            var aspect = Math.Exp(random.Uniform(Math.Log(Ratio.Low), Math.Log(Ratio.High)));
            var w = (int)Math.Round(Math.Sqrt(target * aspect));
            var h = (int)Math.Round(Math.Sqrt(target / aspect));
            if (w > 0 && w <= iw && h > 0 && h <= ih)
            {
                var i = random.NextInt(0, ih - h + 1);
                var j = random.NextInt(0, iw - w + 1);
                return new SizedCropParams(i / (ih - h + 1e-10), j / (iw - w + 1e-10), h, w);
            }
        }
        var inRatio = iw / (double)ih;
        int fw, fh;
        if (inRatio < Ratio.Low)
        {
            fw = iw;
            fh = (int)Math.Round(fw / Ratio.Low);
        }
        else if (inRatio > Ratio.High)
        {
            fh = ih;
            fw = (int)Math.Round(fh * Ratio.High);
        }
        else
        {
            (fw, fh) = (iw, ih);
        }
        var ci = CropKernels.FloorDiv(ih - fh, 2);
        var cj = CropKernels.FloorDiv(iw - fw, 2);
        return new SizedCropParams(ci / (ih - fh + 1e-10), cj / (iw - fw + 1e-10), fh, fw);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("height", Height);
        writer.Add("width", Width);
        writer.Add("scale", Scale);
        writer.Add("ratio", Ratio);
        writer.Add("interpolation", Interpolation);
    }
}
