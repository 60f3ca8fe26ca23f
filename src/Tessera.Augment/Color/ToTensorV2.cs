using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Core.Arrays;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Color;

/// <summary>
/// albumentations <c>ToTensorV2</c>: marks the end of a pipeline whose image becomes a CHW array. Tessera samples
/// hold HWC images, so inside a pipeline this transform leaves the image as it is (a copy); <see cref="ToChw"/>
/// makes the CHW float32 array (Tessera.Nn turns it into a tensor; Augment never references TorchSharp).
/// </summary>
public sealed class ToTensorV2 : ImageOnlyTransform<NoParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="transposeMask">Also transpose HWC masks to CHW (<c>transpose_mask</c>; see <see cref="ToChw"/>).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public ToTensorV2(bool transposeMask = false, double p = 1.0, bool alwaysApply = true) : base(p, alwaysApply)
    {
        TransposeMask = transposeMask;
    }

    /// <summary>Whether masks are transposed too.</summary>
    public bool TransposeMask { get; }

    /// <inheritdoc />
    public override string Name => "ToTensorV2";

    /// <inheritdoc />
    public override NoParams DrawParams(DrawContext context, IRandom random) => NoParams.Instance;

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, NoParams parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        return image.Clone();
    }

    /// <summary>
    /// HWC (or H×W) image → float32 array [C, H, W] (a 2-D image gives [1, H, W], as albumentations adds the channel).
    /// Values are kept (uint8 stays 0–255) unless <paramref name="scale"/> divides them (e.g. 255).
    /// </summary>
    /// <param name="image">The image.</param>
    /// <param name="scale">Divisor applied to every value (1 = none).</param>
    /// <returns>A new array.</returns>
    public static NdArray ToChw(Image image, double scale = 1)
    {
        ArgumentNullException.ThrowIfNull(image);
        Guard.That(scale > 0, nameof(scale), "must be positive");
        int h = image.Height, w = image.Width, c = image.Channels;
        var values = image.ToNdArray().ToFloatArray();
        var chw = new float[values.Length];
        var s = (float)scale;
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                for (var k = 0; k < c; k++)
                {
                    chw[(((k * h) + y) * w) + x] = values[(((y * w) + x) * c) + k] / s;
                }
            }
        }
        return NdArray.FromArray<float>(chw, c, h, w);
    }

    internal override void WriteTransformArgs(ArgWriter writer) => writer.Add("transpose_mask", TransposeMask);
}
