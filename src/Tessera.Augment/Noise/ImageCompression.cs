using Tessera.Augment.Pipeline;
using Tessera.Augment.Pixel;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Noise;

/// <summary>Parameters of <see cref="ImageCompression"/> (the keys of albumentations 1.3.1's replay params).</summary>
/// <param name="Quality">Encoder quality.</param>
/// <param name="ImageType">".jpg" or ".webp".</param>
public sealed record ImageCompressionParams(int Quality, string ImageType);

/// <summary>JPEG or WebP encode + decode through OpenCV at a random quality (albumentations <c>ImageCompression</c>).</summary>
public sealed class ImageCompression : ImageOnlyTransform<ImageCompressionParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="qualityLower">Lowest quality (<c>quality_lower</c>).</param>
    /// <param name="qualityUpper">Highest quality (<c>quality_upper</c>).</param>
    /// <param name="compressionType">0 JPEG, 1 WebP (<c>compression_type</c>).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public ImageCompression(int qualityLower = 99, int qualityUpper = 100, int compressionType = 0, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        Guard.That(compressionType is 0 or 1, nameof(compressionType), "must be 0 (JPEG) or 1 (WebP)");
        var lowest = compressionType == 0 ? 0 : 1;
        Guard.That(qualityLower >= lowest && qualityLower <= 100, nameof(qualityLower), $"must lie in [{lowest}, 100]");
        Guard.That(qualityUpper >= qualityLower && qualityUpper <= 100, nameof(qualityUpper), "must lie in [quality_lower, 100]");
        QualityLower = qualityLower;
        QualityUpper = qualityUpper;
        CompressionType = compressionType;
    }

    /// <summary>Lowest quality (<c>quality_lower</c>).</summary>
    public int QualityLower { get; }

    /// <summary>Highest quality (<c>quality_upper</c>).</summary>
    public int QualityUpper { get; }

    /// <summary>0 JPEG, 1 WebP (<c>compression_type</c>).</summary>
    public int CompressionType { get; }

    /// <inheritdoc />
    public override string Name => "ImageCompression";

    /// <inheritdoc />
    public override ImageCompressionParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        return new(random.NextInt(QualityLower, QualityUpper + 1), CompressionType == 0 ? ".jpg" : ".webp");
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, ImageCompressionParams parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(parameters);
        return NoiseKernels.Compress(image, parameters.Quality, parameters.ImageType);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("quality_lower", QualityLower);
        writer.Add("quality_upper", QualityUpper);
        writer.Add("compression_type", CompressionType);
    }
}
