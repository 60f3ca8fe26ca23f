using Tessera.Augment.Common;
using System.Text.Json.Nodes;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Pixel;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Filters;

/// <summary>Parameters of <see cref="Downscale"/> (the keys of albumentations 1.3.1's replay params).</summary>
/// <param name="Scale">The downscale factor.</param>
public sealed record DownscaleParams(double Scale);

/// <summary>Downscales and upscales back, losing detail (albumentations <c>Downscale</c>).</summary>
public sealed class Downscale : ImageOnlyTransform<DownscaleParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="scaleMin">Lowest factor (<c>scale_min</c>).</param>
    /// <param name="scaleMax">Highest factor (<c>scale_max</c>).</param>
    /// <param name="downscaleInterpolation">OpenCV interpolation for the downscale (<c>interpolation.downscale</c>).</param>
    /// <param name="upscaleInterpolation">OpenCV interpolation for the upscale (<c>interpolation.upscale</c>).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public Downscale(double scaleMin = 0.25, double scaleMax = 0.25, Interpolation downscaleInterpolation = Interpolation.Nearest, Interpolation upscaleInterpolation = Interpolation.Nearest, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        Guard.That(scaleMin > 0 && scaleMin <= scaleMax && scaleMax < 1, nameof(scaleMin), "must satisfy 0 < scale_min ≤ scale_max < 1");
        ScaleMin = scaleMin;
        ScaleMax = scaleMax;
        DownscaleInterpolation = CvFlags.CheckInterpolation(downscaleInterpolation, nameof(downscaleInterpolation));
        UpscaleInterpolation = CvFlags.CheckInterpolation(upscaleInterpolation, nameof(upscaleInterpolation));
    }

    /// <summary>Lowest factor (<c>scale_min</c>).</summary>
    public double ScaleMin { get; }

    /// <summary>Highest factor (<c>scale_max</c>).</summary>
    public double ScaleMax { get; }

    /// <summary>OpenCV interpolation for the downscale (<c>interpolation.downscale</c>).</summary>
    public Interpolation DownscaleInterpolation { get; }

    /// <summary>OpenCV interpolation for the upscale (<c>interpolation.upscale</c>).</summary>
    public Interpolation UpscaleInterpolation { get; }

    /// <inheritdoc />
    public override string Name => "Downscale";

    /// <inheritdoc />
    public override DownscaleParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        return new(random.Uniform(ScaleMin, ScaleMax));
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, DownscaleParams parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(parameters);
        return FilterKernels.Downscale(image, parameters.Scale, DownscaleInterpolation, UpscaleInterpolation);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("scale_min", ScaleMin);
        writer.Add("scale_max", ScaleMax);
        writer.AddNode("interpolation", new JsonObject { ["downscale"] = (int)DownscaleInterpolation, ["upscale"] = (int)UpscaleInterpolation });
    }
}
