using Tessera.Augment.Common;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Geometric;

/// <summary>Resizes to a fixed size with <c>cv2.resize</c> (albumentations <c>Resize</c>); masks use nearest neighbour.</summary>
public sealed class Resize : DualTransform<NoParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="height">Output rows (≥ 1).</param>
    /// <param name="width">Output columns (≥ 1).</param>
    /// <param name="interpolation">Interpolation flag.</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public Resize(int height, int width, Interpolation interpolation = Interpolation.Linear, double p = 1, bool alwaysApply = false) : base(p, alwaysApply)
    {
        Guard.Positive(height);
        Guard.Positive(width);
        Height = height;
        Width = width;
        Interpolation = CvFlags.CheckInterpolation(interpolation, nameof(interpolation));
    }

    /// <inheritdoc />
    public override string Name => "Resize";

    /// <summary>Output rows.</summary>
    public int Height { get; }

    /// <summary>Output columns.</summary>
    public int Width { get; }

    /// <summary>Interpolation flag.</summary>
    public Interpolation Interpolation { get; }

    /// <inheritdoc />
    public override NoParams DrawParams(DrawContext context, IRandom random) => NoParams.Instance;

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, NoParams parameters) => CvImage.Resize(image, Height, Width, Interpolation);

    /// <inheritdoc />
    public override Image ApplyToMask(Image mask, NoParams parameters) => CvImage.Resize(mask, Height, Width, 0);

    /// <inheritdoc />
    public override NormalizedBox ApplyToBox(NormalizedBox box, NoParams parameters, ImageShape shape) => box;

    /// <inheritdoc />
    public override Keypoint ApplyToKeypoint(Keypoint keypoint, NoParams parameters, ImageShape shape)
        => GeometricKernels.KeypointScale(keypoint, Width / (double)shape.Width, Height / (double)shape.Height);

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("height", Height);
        writer.Add("width", Width);
        writer.Add("interpolation", Interpolation);
    }
}
