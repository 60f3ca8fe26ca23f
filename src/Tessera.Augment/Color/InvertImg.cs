using Tessera.Augment.Pipeline;
using Tessera.Augment.Pixel;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Color;

/// <summary>Inverts pixel values (max − value) (albumentations <c>InvertImg</c>).</summary>
public sealed class InvertImg : ImageOnlyTransform<NoParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public InvertImg(double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
    }

    /// <inheritdoc />
    public override string Name => "InvertImg";

    /// <inheritdoc />
    public override NoParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        return NoParams.Instance;
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, NoParams parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(parameters);
        return ColorKernels.Invert(image);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
    }
}
