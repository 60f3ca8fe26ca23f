using Tessera.Augment.Common;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Geometric;

/// <summary>Parameters of <see cref="Flip"/>.</summary>
/// <param name="D">0 vertical, 1 horizontal, -1 both (OpenCV's flip code).</param>
public sealed record FlipParams(int D);

/// <summary>Flips vertically, horizontally or both, chosen uniformly (albumentations <c>Flip</c>).</summary>
public sealed class Flip : DualTransform<FlipParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public Flip(double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply) { }

    /// <inheritdoc />
    public override string Name => "Flip";

    /// <inheritdoc />
    public override FlipParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return new FlipParams(random.NextInt(-1, 2));
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, FlipParams parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return parameters.D switch
        {
            0 => PixelOps.VerticalFlip(image),
            1 => PixelOps.HorizontalFlip(image),
            -1 => PixelOps.BothFlip(image),
            _ => throw new TesseraArgumentException("d", $"must be -1, 0 or 1 (got {parameters.D})"),
        };
    }

    /// <inheritdoc />
    public override NormalizedBox ApplyToBox(NormalizedBox box, FlipParams parameters, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return parameters.D switch
        {
            0 => FlipKernels.VFlip(box),
            1 => FlipKernels.HFlip(box),
            _ => FlipKernels.VFlip(FlipKernels.HFlip(box)),
        };
    }

    /// <inheritdoc />
    public override Keypoint ApplyToKeypoint(Keypoint keypoint, FlipParams parameters, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return parameters.D switch
        {
            0 => FlipKernels.VFlip(keypoint, shape),
            1 => FlipKernels.HFlip(keypoint, shape),
            _ => FlipKernels.VFlip(FlipKernels.HFlip(keypoint, shape), shape),
        };
    }

    internal override void WriteTransformArgs(ArgWriter writer) { }
}
