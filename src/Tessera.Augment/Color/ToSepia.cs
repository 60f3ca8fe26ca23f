using Tessera.Augment.Pipeline;
using Tessera.Augment.Pixel;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Color;

/// <summary>Applies the sepia colour matrix (albumentations <c>ToSepia</c>).</summary>
public sealed class ToSepia : ImageOnlyTransform<NoParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public ToSepia(double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
    }

    /// <inheritdoc />
    public override string Name => "ToSepia";

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
        PixelCv.RequireRgb(image, Name);
        PixelCv.RequireUInt8OrFloat(image, Name);
        return ColorKernels.Sepia(image);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
    }
}
