using Tessera.Augment.Pipeline;
using Tessera.Augment.Pixel;
using Tessera.Augment.Serialization;
using Tessera.Core.Arrays;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Filters;

/// <summary>Parameters of <see cref="GlassBlur"/> (the keys of albumentations 1.3.1's replay params).</summary>
/// <param name="Ksize">Unused kernel size drawn as Blur does (kept for replay compatibility).</param>
/// <param name="Dxy">Swap offsets, shape [pixels, iterations, 2] as (dy, dx).</param>
public sealed record GlassBlurParams(int Ksize, NdArray Dxy);

/// <summary>Glass blur: Gaussian blur, random local pixel swaps, Gaussian blur (albumentations <c>GlassBlur</c>).</summary>
public sealed class GlassBlur : ImageOnlyTransform<GlassBlurParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="sigma">Gaussian sigma (<c>sigma</c>).</param>
    /// <param name="maxDelta">Largest swap distance (<c>max_delta</c>).</param>
    /// <param name="iterations">Swap rounds (<c>iterations</c>).</param>
    /// <param name="mode">"fast" (vectorised swaps) or "exact" (sequential swaps) (<c>mode</c>).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public GlassBlur(double sigma = 0.7, int maxDelta = 4, int iterations = 2, string mode = "fast", double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        Guard.That(sigma >= 0, nameof(sigma), "must be non-negative");
        Guard.That(maxDelta >= 1, nameof(maxDelta), "must be at least 1");
        Guard.That(iterations >= 1, nameof(iterations), "must be at least 1");
        Guard.That(mode is "fast" or "exact", nameof(mode), "must be \"fast\" or \"exact\"");
        Sigma = sigma;
        MaxDelta = maxDelta;
        Iterations = iterations;
        Mode = mode;
    }

    /// <summary>Gaussian sigma (<c>sigma</c>).</summary>
    public double Sigma { get; }

    /// <summary>Largest swap distance (<c>max_delta</c>).</summary>
    public int MaxDelta { get; }

    /// <summary>Swap rounds (<c>iterations</c>).</summary>
    public int Iterations { get; }

    /// <summary>"fast" (vectorised swaps) or "exact" (sequential swaps) (<c>mode</c>).</summary>
    public string Mode { get; }

    /// <inheritdoc />
    public override string Name => "GlassBlur";

    /// <inheritdoc />
    public override GlassBlurParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        var img = context.Image;
        var rows = img.Height - (MaxDelta * 2);
        var cols = img.Width - (MaxDelta * 2);
        Guard.That(rows > 0 && cols > 0, "image", $"must be larger than 2·max_delta = {2 * MaxDelta} in both directions");
        var total = rows * cols;
        var dxy = new int[total * Iterations * 2];
        for (var i = 0; i < dxy.Length; i++)
        {
            dxy[i] = random.NextInt(-MaxDelta, MaxDelta);
        }
        var k = 3 + (2 * random.NextInt(0, 3));
        return new(k, NdArray.FromArray<int>(dxy, total, Iterations, 2));
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, GlassBlurParams parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(parameters);
        return FilterKernels.GlassBlur(image, Sigma, MaxDelta, Iterations, parameters.Dxy, Mode == "exact");
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("sigma", Sigma);
        writer.Add("max_delta", MaxDelta);
        writer.Add("iterations", Iterations);
        writer.Add("mode", Mode);
    }
}
