using Tessera.Augment.Pipeline;
using Tessera.Augment.Pixel;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Color;

/// <summary>Multiplies a float image by a maximum and casts (truncating) to an integer type (albumentations <c>FromFloat</c>).</summary>
public sealed class FromFloat : ImageOnlyTransform<NoParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="dtype">Output type: uint8, uint16 or float32 (<c>dtype</c>).</param>
    /// <param name="maxValue">Multiplier (<c>max_value</c>; default the output type maximum).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public FromFloat(string dtype = "uint16", double? maxValue = null, double p = 1.0, bool alwaysApply = false) : base(p, alwaysApply)
    {
        Guard.That(dtype is "uint8" or "uint16" or "float32", nameof(dtype), $"must be uint8, uint16 or float32 (got {dtype})");
        DType = dtype;
        MaxValue = maxValue;
    }

    /// <summary>Output type: uint8, uint16 or float32 (<c>dtype</c>).</summary>
    public string DType { get; }

    /// <summary>Multiplier (<c>max_value</c>; default the output type maximum).</summary>
    public double? MaxValue { get; }

    /// <inheritdoc />
    public override string Name => "FromFloat";

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
        return NormalizeKernels.FromFloat(image, DType, MaxValue);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("dtype", DType);
        writer.Add("max_value", MaxValue);
    }
}
