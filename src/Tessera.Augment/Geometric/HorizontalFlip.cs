using Tessera.Augment.Common;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Geometric;

/// <summary>Flips around the vertical axis (albumentations <c>HorizontalFlip</c>).</summary>
public sealed class HorizontalFlip : DualTransform<NoParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public HorizontalFlip(double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply) { }

    /// <inheritdoc />
    public override string Name => "HorizontalFlip";

    /// <inheritdoc />
    public override NoParams DrawParams(DrawContext context, IRandom random) => NoParams.Instance;

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, NoParams parameters) => PixelOps.HorizontalFlip(image);

    /// <inheritdoc />
    public override NormalizedBox ApplyToBox(NormalizedBox box, NoParams parameters, ImageShape shape) => FlipKernels.HFlip(box);

    /// <inheritdoc />
    public override Keypoint ApplyToKeypoint(Keypoint keypoint, NoParams parameters, ImageShape shape) => FlipKernels.HFlip(keypoint, shape);

    internal override void WriteTransformArgs(ArgWriter writer) { }
}
