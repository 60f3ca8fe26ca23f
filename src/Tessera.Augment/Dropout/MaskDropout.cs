using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Dropout;

/// <summary>Parameters of <see cref="MaskDropout"/>: flat indices (row · width + column) of the dropped pixels.</summary>
/// <param name="Pixels">Dropped pixels.</param>
public sealed record MaskDropoutParams(int[] Pixels);

/// <summary>
/// Removes random objects of the mask: connected regions of equal non-zero label (8-connectivity, as
/// <c>skimage.measure.label</c>) are filled in the image and the mask (albumentations <c>MaskDropout</c>).
/// </summary>
public sealed class MaskDropout : DualTransform<MaskDropoutParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="maxObjects">Range of the number of objects to drop.</param>
    /// <param name="imageFillValue">Image fill.</param>
    /// <param name="maskFillValue">Mask fill.</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public MaskDropout(IntLimit? maxObjects = null, double[]? imageFillValue = null, double[]? maskFillValue = null, double p = 0.5,
        bool alwaysApply = false) : base(p, alwaysApply)
    {
        var maxObjectsRange = (maxObjects ?? (1, 1)).From(1);
        MaxObjects = maxObjectsRange;
        Guard.That(MaxObjects.Low >= 0 && MaxObjects.Low <= MaxObjects.High, nameof(maxObjects), $"must be 0 ≤ low ≤ high (got {MaxObjects})");
        ImageFillValue = imageFillValue ?? [0];
        MaskFillValue = maskFillValue ?? [0];
    }

    /// <inheritdoc />
    public override bool SupportsBoxes => false;

    /// <inheritdoc />
    public override bool SupportsKeypoints => false;

    /// <inheritdoc />
    public override string Name => "MaskDropout";

    /// <summary>Object count range.</summary>
    public (int Low, int High) MaxObjects { get; }

    /// <summary>Image fill.</summary>
    public IReadOnlyList<double> ImageFillValue { get; }

    /// <summary>Mask fill.</summary>
    public IReadOnlyList<double> MaskFillValue { get; }

    /// <inheritdoc />
    public override MaskDropoutParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        Guard.That(context.Mask is not null, "mask", "MaskDropout needs a mask in the sample");
        var mask = context.Mask;
        var values = mask.ToNdArray().ToDoubleArray();
        var (labels, count) = Label(values, mask.Height, mask.Width, mask.Channels);
        if (count == 0)
        {
            return new MaskDropoutParams([]);
        }
        var drop = Math.Min(count, random.NextInt(MaxObjects.Low, MaxObjects.High + 1));
        HashSet<int> chosen;
        if (drop == count)
        {
            chosen = [.. Enumerable.Range(1, count)];
        }
        else
        {
            var pool = Enumerable.Range(1, count).ToList();
            chosen = [];
            for (var i = 0; i < drop; i++)
            {
                var k = random.NextInt(0, pool.Count);
                chosen.Add(pool[k]);
                pool.RemoveAt(k);
            }
        }
        return new MaskDropoutParams(Enumerable.Range(0, labels.Length).Where(i => chosen.Contains(labels[i])).ToArray());
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, MaskDropoutParams parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return DropoutKernels.FillPixels(image, parameters.Pixels, ImageFillValue);
    }

    /// <inheritdoc />
    public override Image ApplyToMask(Image mask, MaskDropoutParams parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return DropoutKernels.FillPixels(mask, parameters.Pixels, MaskFillValue);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("max_objects", MaxObjects);
        writer.AddFill("image_fill_value", ImageFillValue.ToArray());
        writer.AddFill("mask_fill_value", MaskFillValue.ToArray());
    }

    /// <summary>Connected components of equal non-zero value, 8-connected, numbered in raster order of first pixel.</summary>
    internal static (int[] Labels, int Count) Label(double[] values, int h, int w, int channels)
    {
        var labels = new int[h * w];
        var count = 0;
        var stack = new Stack<int>();
        double V(int i) => values[i * channels];
        for (var start = 0; start < labels.Length; start++)
        {
            if (labels[start] != 0 || V(start) == 0)
            {
                continue;
            }
            count++;
            labels[start] = count;
            stack.Push(start);
            while (stack.Count > 0)
            {
                var p = stack.Pop();
                int py = p / w, px = p % w;
                for (var dy = -1; dy <= 1; dy++)
                {
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        int ny = py + dy, nx = px + dx;
                        if (ny < 0 || ny >= h || nx < 0 || nx >= w)
                        {
                            continue;
                        }
                        var q = (ny * w) + nx;
                        if (labels[q] == 0 && V(q) == V(start))
                        {
                            labels[q] = count;
                            stack.Push(q);
                        }
                    }
                }
            }
        }
        return (labels, count);
    }
}
