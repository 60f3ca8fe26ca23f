using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Pipeline;

/// <summary>
/// Leaves every target as it is (albumentations <c>NoOp</c>, serialized as
/// <c>albumentations.core.transforms_interface.NoOp</c>). Useful as the "do nothing" branch of a <see cref="OneOf"/>.
/// </summary>
public sealed class NoOp : DualTransform<NoParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="p">Probability (irrelevant to the result; kept for the serialized contract).</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public NoOp(double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply) { }

    /// <inheritdoc />
    public override string Name => "NoOp";

    /// <inheritdoc />
    public override NoParams DrawParams(DrawContext context, IRandom random) => NoParams.Instance;

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, NoParams parameters) => image;

    /// <inheritdoc />
    public override NormalizedBox ApplyToBox(NormalizedBox box, NoParams parameters, ImageShape shape) => box;

    /// <inheritdoc />
    public override Keypoint ApplyToKeypoint(Keypoint keypoint, NoParams parameters, ImageShape shape) => keypoint;

    internal override void WriteTransformArgs(ArgWriter writer) { }
}
