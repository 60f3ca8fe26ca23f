using System.Buffers;
using OpenCvSharp;
using Tessera.Augment.Common;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Geometric;

/// <summary>Parameters of <see cref="ElasticTransform"/>: the seed of the displacement field.</summary>
/// <param name="RandomState">Seed; the same seed gives the same field for image and masks.</param>
public sealed record ElasticTransformParams(long RandomState);

/// <summary>
/// Elastic deformation (Simard et al., 2003) as albumentations 1.3.1 <c>ElasticTransform</c>: a random affine jitter
/// of three control points, then a Gaussian-smoothed uniform displacement field scaled by <c>alpha</c>.
/// </summary>
/// <remarks>
/// albumentations draws the jitter and the field from <c>numpy.random.RandomState(random_state)</c>; Tessera rebuilds the
/// same MT19937 stream from the recorded seed (the seed itself is drawn from the pipeline's <see cref="IRandom"/>). Boxes move through a warped box mask; keypoints are not supported, as in 1.3.1.
/// </remarks>
public sealed class ElasticTransform : DualTransform<ElasticTransformParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="alpha">Displacement scale.</param>
    /// <param name="sigma">Gaussian smoothing of the field.</param>
    /// <param name="alphaAffine">Range of the affine jitter (pixels).</param>
    /// <param name="interpolation">Interpolation flag.</param>
    /// <param name="borderMode">Border mode.</param>
    /// <param name="value">Image fill.</param>
    /// <param name="maskValue">Mask fill.</param>
    /// <param name="approximate">Smooth with a fixed 17×17 kernel.</param>
    /// <param name="sameDxDy">Use one field for both axes.</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public ElasticTransform(double alpha = 1, double sigma = 50, double alphaAffine = 50, Interpolation interpolation = Interpolation.Linear, BorderMode borderMode = BorderMode.Reflect101, double[]? value = null,
        double[]? maskValue = null, bool approximate = false, bool sameDxDy = false, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        Guard.That(double.IsFinite(alpha), nameof(alpha), "must be finite");
        Guard.That(sigma > 0 && double.IsFinite(sigma), nameof(sigma), $"must be positive (got {sigma})");
        Guard.That(sigma <= MaxSigma, nameof(sigma), $"must be ≤ {MaxSigma} (got {sigma}): the exact blur has 8·sigma + 1 taps");
        Guard.That(alphaAffine >= 0, nameof(alphaAffine), $"must be ≥ 0 (got {alphaAffine})");
        Alpha = alpha;
        Sigma = sigma;
        AlphaAffine = alphaAffine;
        Interpolation = CvFlags.CheckInterpolation(interpolation, nameof(interpolation));
        BorderMode = CvFlags.CheckBorder(borderMode, nameof(borderMode));
        Value = value;
        MaskValue = maskValue;
        Approximate = approximate;
        SameDxDy = sameDxDy;
    }

    /// <inheritdoc />
    public override bool SupportsKeypoints => false;

    /// <summary>The largest <c>sigma</c> accepted (the exact blur's kernel has 8·sigma + 1 taps).</summary>
    public const double MaxSigma = 250_000;

    /// <inheritdoc />
    public override string Name => "ElasticTransform";

    /// <summary>Displacement scale.</summary>
    public double Alpha { get; }

    /// <summary>Field smoothing.</summary>
    public double Sigma { get; }

    /// <summary>Affine jitter range.</summary>
    public double AlphaAffine { get; }

    /// <summary>Interpolation flag.</summary>
    public Interpolation Interpolation { get; }

    /// <summary>Border mode.</summary>
    public BorderMode BorderMode { get; }

    /// <summary>Image fill.</summary>
    public IReadOnlyList<double>? Value { get; }

    /// <summary>Mask fill.</summary>
    public IReadOnlyList<double>? MaskValue { get; }

    /// <summary>Fixed-kernel smoothing.</summary>
    public bool Approximate { get; }

    /// <summary>One field for both axes.</summary>
    public bool SameDxDy { get; }

    /// <inheritdoc />
    public override ElasticTransformParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return new ElasticTransformParams(random.NextInt(0, 10000));
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, ElasticTransformParams parameters) => Warp(image, parameters, Interpolation, Value?.ToArray());

    /// <inheritdoc />
    public override Image ApplyToMask(Image mask, ElasticTransformParams parameters) => Warp(mask, parameters, 0, MaskValue?.ToArray());

    /// <inheritdoc />
    public override NormalizedBox ApplyToBox(NormalizedBox box, ElasticTransformParams parameters, ImageShape shape)
        => DistortionKernels.BoxThroughMask(box, shape, m => Warp(m, parameters, 0, MaskValue?.ToArray()));

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("alpha", Alpha);
        writer.Add("sigma", Sigma);
        writer.Add("alpha_affine", AlphaAffine);
        writer.Add("interpolation", Interpolation);
        writer.Add("border_mode", BorderMode);
        writer.AddFill("value", Value?.ToArray());
        writer.AddFill("mask_value", MaskValue?.ToArray());
        writer.Add("approximate", Approximate);
        writer.Add("same_dxdy", SameDxDy);
    }

    private Image Warp(Image image, ElasticTransformParams p, Interpolation interpolation, double[]? fill)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(p);
        int h = image.Height, w = image.Width;
        Guard.That(p.RandomState is >= 0 and <= uint.MaxValue, "random_state", $"must lie in [0, 2^32) (got {p.RandomState})");
        var rng = new NumpyRandomState((uint)p.RandomState);
        float c0 = h / 2, c1 = w / 2;
        float s = Math.Min(h, w) / 3;
        Point2f[] pts1 = [new(c0 + s, c1 + s), new(c0 + s, c1 - s), new(c0 - s, c1 - s)];
        var pts2 = pts1.Select(q => new Point2f(q.X + (float)rng.Uniform(-AlphaAffine, AlphaAffine), q.Y + (float)rng.Uniform(-AlphaAffine, AlphaAffine))).ToArray();
        double[,] affine;
        using (var m = Cv2.GetAffineTransform(pts1, pts2))
        {
            affine = new double[2, 3];
            for (var i = 0; i < 2; i++)
            {
                for (var j = 0; j < 3; j++)
                {
                    affine[i, j] = m.At<double>(i, j);
                }
            }
        }
        using var warped = CvImage.WarpAffine(image, affine, h, w, interpolation, BorderMode, fill);
        var dx = Field(rng, h, w);
        var dy = SameDxDy ? dx : Field(rng, h, w);
        using var maps = RemapMaps.Rent(h * w);
        var (mx, my) = (maps.X, maps.Y);
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var i = (y * w) + x;
                mx[i] = (float)(x + dx[i]);
                my[i] = (float)(y + dy[i]);
            }
        }
        ArrayPool<float>.Shared.Return(dx);
        if (!SameDxDy)
        {
            ArrayPool<float>.Shared.Return(dy);
        }
        return CvImage.Remap(warped, mx, my, h, w, interpolation, BorderMode, fill);
    }

    /// <summary>A smoothed random displacement field of h·w values (a pooled array, possibly longer; the caller returns it).</summary>
    private unsafe float[] Field(NumpyRandomState rng, int h, int w)
    {
        var n = h * w;
        var raw = ArrayPool<double>.Shared.Rent(n);
        for (var i = 0; i < n; i++)
        {
            raw[i] = Approximate ? ((float)rng.RandomSample() * 2f) - 1f : (rng.RandomSample() * 2) - 1;
        }
        if (!Approximate)
        {
            // scipy.ndimage.gaussian_filter, as albumentations calls it (not OpenCV's Gaussian: another kernel and sum order)
            ReflectGaussianFilter.Apply(raw.AsSpan(0, n), h, w, Sigma);
            var exact = ArrayPool<float>.Shared.Rent(n);
            for (var i = 0; i < n; i++)
            {
                exact[i] = (float)(raw[i] * Alpha);
            }
            ArrayPool<double>.Shared.Return(raw);
            return exact;
        }
        // the blurred field goes into a pooled buffer through a header (a fresh 8·h·w-byte Mat per call costs page faults)
        var blurred = ArrayPool<double>.Shared.Rent(n);
        fixed (double* pr = raw)
        fixed (double* pb = blurred)
        {
            using var src = Mat.FromPixelData(h, w, MatType.CV_64FC1, (IntPtr)pr);
            using var dst = Mat.FromPixelData(h, w, MatType.CV_64FC1, (IntPtr)pb);
            Cv.GaussianBlur(src, dst, new Size(17, 17), Sigma, Sigma, BorderTypes.Reflect101);
            Guard.That(dst.Data == (IntPtr)pb, "dst", "OpenCV reallocated the blurred field");
        }
        ArrayPool<double>.Shared.Return(raw);
        var result = ArrayPool<float>.Shared.Rent(n);
        var alpha = (float)Alpha;
        for (var i = 0; i < n; i++)
        {
            result[i] = (float)blurred[i] * alpha;
        }
        ArrayPool<double>.Shared.Return(blurred);
        return result;
    }
}
