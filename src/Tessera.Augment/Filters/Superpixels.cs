using Tessera.Augment.Common;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Pixel;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Filters;

/// <summary>Parameters of <see cref="Superpixels"/> (the keys of albumentations 1.3.1's replay params).</summary>
/// <param name="ReplaceSamples">Per segment: replace it (cycled when SLIC makes more segments).</param>
/// <param name="NSegments">Requested number of segments.</param>
public sealed record SuperpixelsParams(bool[] ReplaceSamples, int NSegments);

/// <summary>Replaces some SLIC superpixels by their mean colour (albumentations <c>Superpixels</c>).</summary>
public sealed class Superpixels : ImageOnlyTransform<SuperpixelsParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="pReplace">Range of the replacement probability (<c>p_replace</c>, default 0.1).</param>
    /// <param name="nSegments">Range of the segment count (<c>n_segments</c>, default 100).</param>
    /// <param name="maxSize">Work on a copy whose longer side is at most this (<c>max_size</c>; null = full size).</param>
    /// <param name="interpolation">OpenCV interpolation for the resizes (<c>interpolation</c>).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public Superpixels(Limit? pReplace = null, IntLimit? nSegments = null, int? maxSize = 128, Interpolation interpolation = Interpolation.Linear, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        var pReplaceRange = (pReplace ?? (0.1, 0.1)).Exact();
        var nSegmentsRange = (nSegments ?? (100, 100)).Exact();
        Guard.That((pReplaceRange.Low >= 0 && pReplaceRange.High <= 1), nameof(pReplace), "must lie in [0, 1]");
        Guard.That((nSegmentsRange.Low >= 1 && nSegmentsRange.Low <= nSegmentsRange.High), nameof(nSegments), "must satisfy 1 ≤ low ≤ high");
        Guard.That(maxSize is null or >= 1, nameof(maxSize), "must be positive");
        PReplace = pReplaceRange;
        NSegments = nSegmentsRange;
        MaxSize = maxSize;
        Interpolation = CvFlags.CheckInterpolation(interpolation, nameof(interpolation));
    }

    /// <summary>Range of the replacement probability (<c>p_replace</c>, default 0.1).</summary>
    public (double Low, double High) PReplace { get; }

    /// <summary>Range of the segment count (<c>n_segments</c>, default 100).</summary>
    public (int Low, int High) NSegments { get; }

    /// <summary>Work on a copy whose longer side is at most this (<c>max_size</c>; null = full size).</summary>
    public int? MaxSize { get; }

    /// <summary>OpenCV interpolation for the resizes (<c>interpolation</c>).</summary>
    public Interpolation Interpolation { get; }

    /// <inheritdoc />
    public override string Name => "Superpixels";

    /// <inheritdoc />
    public override SuperpixelsParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        var n = random.NextInt(NSegments.Low, NSegments.High + 1);
        var p = random.Uniform(PReplace.Low, PReplace.High);
        var samples = new bool[n];
        for (var i = 0; i < n; i++)
        {
            samples[i] = random.NextDouble() < p;
        }
        return new(samples, n);
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, SuperpixelsParams parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(parameters);
        return SuperpixelKernels.Apply(image, parameters.NSegments, parameters.ReplaceSamples, MaxSize, Interpolation);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("p_replace", PReplace);
        writer.Add("n_segments", ((double)NSegments.Low, (double)NSegments.High));
        writer.Add("max_size", MaxSize);
        writer.Add("interpolation", Interpolation);
    }
}
