using Tessera.Augment.Pipeline;
using Tessera.Augment.Pixel;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Color;

/// <summary>Divides by the maximum value, giving float32 (usually in [0, 1]) (albumentations <c>ToFloat</c>).</summary>
public sealed class ToFloat : ImageOnlyTransform<NoParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="maxValue">Divisor (<c>max_value</c>; default the type maximum).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public ToFloat(double? maxValue = null, double p = 1.0, bool alwaysApply = false) : base(p, alwaysApply)
    {
        MaxValue = maxValue;
    }

    /// <summary>Divisor (<c>max_value</c>; default the type maximum).</summary>
    public double? MaxValue { get; }

    /// <inheritdoc />
    public override string Name => "ToFloat";

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
        return PixelCv.ToFloat(image, MaxValue ?? PixelCv.MaxValue(image.PixelType));
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("max_value", MaxValue);
    }
}
