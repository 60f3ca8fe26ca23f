using Tessera.Augment.Common;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Geometric;

/// <summary>Parameters of <see cref="RandomRotate90"/>.</summary>
/// <param name="Factor">Counter-clockwise quarter turns (0–3), as numpy's <c>rot90</c>.</param>
public sealed record RandomRotate90Params(int Factor);

/// <summary>Rotates by a random multiple of 90° (albumentations <c>RandomRotate90</c>).</summary>
public sealed class RandomRotate90 : DualTransform<RandomRotate90Params>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public RandomRotate90(double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply) { }

    /// <inheritdoc />
    public override string Name => "RandomRotate90";

    /// <inheritdoc />
    public override RandomRotate90Params DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return new RandomRotate90Params(random.NextInt(0, 4));
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, RandomRotate90Params parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return PixelOps.Rot90(image, parameters.Factor);
    }

    /// <inheritdoc />
    public override NormalizedBox ApplyToBox(NormalizedBox box, RandomRotate90Params parameters, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return FlipKernels.Rot90(box, parameters.Factor);
    }

    /// <inheritdoc />
    public override Keypoint ApplyToKeypoint(Keypoint keypoint, RandomRotate90Params parameters, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return FlipKernels.Rot90(keypoint, parameters.Factor, shape);
    }

    internal override void WriteTransformArgs(ArgWriter writer) { }
}
