using Tessera.Core.Arrays;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;

namespace Tessera.Segmentation.Labels;

/// <summary>
/// An H×W map of 8-bit class labels (Cityscapes train ids 0..18 and 255 = ignore in the SegFix conventions).
/// The map owns its pixels: factories copy their input and <see cref="Labels"/> is read-only.
/// </summary>
public sealed class LabelMap
{
    private readonly byte[] _labels;

    private LabelMap(int height, int width, byte[] labels)
    {
        Height = height;
        Width = width;
        _labels = labels;
    }

    /// <summary>Number of rows.</summary>
    public int Height { get; }

    /// <summary>Number of columns.</summary>
    public int Width { get; }

    /// <summary>Labels in row-major order (index <c>row * Width + col</c>).</summary>
    public ReadOnlySpan<byte> Labels => _labels;

    /// <summary>Label at a pixel.</summary>
    /// <param name="row">Row index.</param>
    /// <param name="col">Column index.</param>
    public byte this[int row, int col] => _labels[(row * Width) + col];

    /// <summary>Creates a map by copying labels.</summary>
    /// <param name="labels">Row-major labels, <paramref name="height"/>·<paramref name="width"/> of them.</param>
    /// <param name="height">Rows (≥ 1).</param>
    /// <param name="width">Columns (≥ 1).</param>
    /// <returns>The map.</returns>
    /// <exception cref="TesseraArgumentException">Non-positive size or wrong number of labels.</exception>
    public static LabelMap FromLabels(ReadOnlySpan<byte> labels, int height, int width)
    {
        Guard.Positive(height);
        Guard.Positive(width);
        Guard.That((long)height * width == labels.Length, nameof(labels),
            $"must hold height × width = {(long)height * width} labels (got {labels.Length})");
        return new LabelMap(height, width, labels.ToArray());
    }

    /// <summary>The backing array (internal code must not write to it).</summary>
    internal byte[] Raw => _labels;

    /// <summary>Wraps a freshly computed buffer without copying (the caller gives up the array).</summary>
    internal static LabelMap Adopt(byte[] labels, int height, int width) => new(height, width, labels);

    /// <summary>Creates a map from a 2-D uint8 array (e.g. a fixture's <c>label.npy</c>).</summary>
    /// <param name="array">uint8 array of shape [H, W].</param>
    /// <returns>The map.</returns>
    /// <exception cref="TesseraArgumentException">Not a 2-D uint8 array.</exception>
    public static LabelMap FromNdArray(NdArray array)
    {
        ArgumentNullException.ThrowIfNull(array);
        Guard.That(array.Rank == 2 && array.DType == DType.UInt8, nameof(array),
            $"must be a 2-D uint8 label array (got {array})");
        return FromLabels(array.Bytes, array.Shape[0], array.Shape[1]);
    }

    /// <summary>Creates a map from a one-channel uint8 image.</summary>
    /// <param name="image">Gray uint8 image whose pixel values are the labels.</param>
    /// <returns>The map.</returns>
    /// <exception cref="TesseraArgumentException">Not a one-channel uint8 image.</exception>
    public static LabelMap FromImage(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        Guard.That(image.Channels == 1 && image.PixelType == PixelType.UInt8, nameof(image),
            $"must be a one-channel uint8 label image (got {image})");
        return FromLabels(image.Bytes, image.Height, image.Width);
    }

    /// <summary>Copies the labels into a 2-D uint8 array.</summary>
    /// <returns>A new array of shape [H, W].</returns>
    public NdArray ToNdArray() => NdArray.FromArray<byte>(_labels, Height, Width);

    /// <summary>Copies the labels into a 2-D gray uint8 image.</summary>
    /// <returns>A new image.</returns>
    public Image ToImage() => Image.FromPixels<byte>(_labels, Height, Width, 1, keep2D: true);

    /// <summary>Throws unless every label is in [0, <paramref name="numClasses"/>) or equals <paramref name="ignoreLabel"/>.</summary>
    /// <param name="numClasses">Number of classes.</param>
    /// <param name="ignoreLabel">The ignore label, or null when none is allowed.</param>
    /// <param name="name">Name of the map in the error (argument or file name).</param>
    /// <exception cref="TesseraArgumentException">A label is out of range; the message names the first offending pixel.</exception>
    public void RequireLabelsInRange(int numClasses, int? ignoreLabel, string name)
    {
        var s = Labels;
        for (var i = 0; i < s.Length; i++)
        {
            int v = s[i];
            if (v >= numClasses && v != ignoreLabel)
            {
                throw new TesseraArgumentException(name,
                    $"label {v} at (row {i / Width}, col {i % Width}) is outside [0, {numClasses})" +
                    (ignoreLabel is null ? "" : $" and is not the ignore label {ignoreLabel}"));
            }
        }
    }

    /// <summary>Throws unless <paramref name="other"/> has the same height and width.</summary>
    /// <param name="other">The other map.</param>
    /// <param name="name">Name of <paramref name="other"/> in the error.</param>
    /// <exception cref="TesseraArgumentException">The sizes differ.</exception>
    public void RequireSameSize(LabelMap other, string name)
    {
        ArgumentNullException.ThrowIfNull(other);
        Guard.That(other.Height == Height && other.Width == Width, name,
            $"size {other.Height}×{other.Width} must equal {Height}×{Width}");
    }

    /// <inheritdoc />
    public override string ToString() => $"LabelMap[{Height}×{Width}]";
}
