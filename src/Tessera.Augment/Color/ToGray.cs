using Tessera.Augment.Pipeline;
using Tessera.Augment.Pixel;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Color;

/// <summary>Converts an RGB image to gray and back to three equal channels (albumentations <c>ToGray</c>).</summary>
public sealed class ToGray : ImageOnlyTransform<NoParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public ToGray(double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
    }

    /// <inheritdoc />
    public override string Name => "ToGray";

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
        if (PixelCv.IsGray(image))
        {
            return image.Clone();
        }
        PixelCv.RequireRgb(image, Name);
        return ColorKernels.ToGray(image);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
    }
}
