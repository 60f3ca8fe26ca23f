using Tessera.Augment.Common;
using Tessera.Augment.Geometric;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Crops;

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
        Interpolation interpolation = Interpolation.Linear, double p = 1.0, bool alwaysApply = false) : base(height, width, interpolation, p, alwaysApply)
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
