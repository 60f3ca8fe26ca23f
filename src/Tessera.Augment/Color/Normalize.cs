using System.Text.Json.Nodes;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Pixel;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Color;

/// <summary>(img − mean·max) / (std·max) as float32 (albumentations <c>Normalize</c>).</summary>
public sealed class Normalize : ImageOnlyTransform<NoParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="mean">Per-channel (or one) mean (default ImageNet (0.485, 0.456, 0.406)).</param>
    /// <param name="std">Per-channel (or one) standard deviation (default ImageNet (0.229, 0.224, 0.225)).</param>
    /// <param name="maxPixelValue">Maximum pixel value (<c>max_pixel_value</c>).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public Normalize(IReadOnlyList<double>? mean = null, IReadOnlyList<double>? std = null, double maxPixelValue = 255.0, double p = 1.0, bool alwaysApply = false) : base(p, alwaysApply)
    {
        Guard.That(mean is null || mean.Count is >= 1 and <= 4, nameof(mean), "must hold 1–4 values");
        Guard.That(std is null || (std.Count is >= 1 and <= 4 && std.All(s => s != 0)), nameof(std), "must hold 1–4 non-zero values");
        Mean = mean ?? [0.485, 0.456, 0.406];
        Std = std ?? [0.229, 0.224, 0.225];
        MaxPixelValue = maxPixelValue;
    }

    /// <summary>Per-channel (or one) mean (default ImageNet (0.485, 0.456, 0.406)).</summary>
    public IReadOnlyList<double> Mean { get; }

    /// <summary>Per-channel (or one) standard deviation (default ImageNet (0.229, 0.224, 0.225)).</summary>
    public IReadOnlyList<double> Std { get; }

    /// <summary>Maximum pixel value (<c>max_pixel_value</c>).</summary>
    public double MaxPixelValue { get; }

    /// <inheritdoc />
    public override string Name => "Normalize";

    /// <inheritdoc />
    public override NoParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        return NoParams.Instance;
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, NoParams parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(parameters);
        return NormalizeKernels.Normalize(image, Mean, Std, MaxPixelValue);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.AddNode("mean", Mean.Count == 1 ? JsonValue.Create(Mean[0]) : new JsonArray(Mean.Select(x => (JsonNode)x).ToArray()));
        writer.AddNode("std", Std.Count == 1 ? JsonValue.Create(Std[0]) : new JsonArray(Std.Select(x => (JsonNode)x).ToArray()));
        writer.Add("max_pixel_value", MaxPixelValue);
    }
}
