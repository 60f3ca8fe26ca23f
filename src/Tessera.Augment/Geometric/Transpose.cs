using Tessera.Augment.Common;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Geometric;

/// <summary>Swaps rows and columns (albumentations <c>Transpose</c>).</summary>
public sealed class Transpose : DualTransform<NoParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public Transpose(double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply) { }

    /// <inheritdoc />
    public override string Name => "Transpose";

    /// <inheritdoc />
    public override NoParams DrawParams(DrawContext context, IRandom random) => NoParams.Instance;

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, NoParams parameters) => PixelOps.Transpose(image);

    /// <inheritdoc />
    public override NormalizedBox ApplyToBox(NormalizedBox box, NoParams parameters, ImageShape shape) => FlipKernels.Transpose(box);

    /// <inheritdoc />
    public override Keypoint ApplyToKeypoint(Keypoint keypoint, NoParams parameters, ImageShape shape) => FlipKernels.Transpose(keypoint);

    internal override void WriteTransformArgs(ArgWriter writer) { }
}
