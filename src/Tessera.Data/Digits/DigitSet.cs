using Tessera.Core.Arrays;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;

namespace Tessera.Data.Digits;

/// <summary>
/// A labelled set of 28×28 gray digits (uint8, 0 = background, 255 = ink), stored contiguously as
/// <c>[Count, 28, 28]</c>. Immutable: the accessors return copies.
/// </summary>
public sealed class DigitSet
{
    /// <summary>Rows and columns of a digit.</summary>
    public const int Side = 28;

    private readonly byte[] _pixels;
    private readonly int[] _labels;
    private readonly int[] _indexInClass;

    internal DigitSet(byte[] pixels, int[] labels, int[] indexInClass)
    {
        _pixels = pixels;
        _labels = labels;
        _indexInClass = indexInClass;
    }

    /// <summary>Number of digits.</summary>
    public int Count => _labels.Length;

    /// <summary>The class names, "0" … "9" (class index = digit value).</summary>
    public static IReadOnlyList<string> ClassNames { get; } = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    /// <summary>Digit value (0–9) of every sample.</summary>
    public IReadOnlyList<int> Labels => _labels;

    /// <summary>Position of every sample within its class in the package (identifies it across splits).</summary>
    public IReadOnlyList<int> IndexInClass => _indexInClass;

    /// <summary>The pixels of sample <paramref name="index"/> (784 bytes, row-major), without copying.</summary>
    /// <param name="index">0-based sample index.</param>
    /// <returns>A read-only view.</returns>
    /// <exception cref="TesseraArgumentException">The index is out of range.</exception>
    public ReadOnlySpan<byte> PixelsOf(int index)
    {
        Guard.That(index >= 0 && index < Count, nameof(index), $"must lie in [0, {Count}) (got {index})");
        return _pixels.AsSpan(index * Side * Side, Side * Side);
    }

    /// <summary>Sample <paramref name="index"/> as a new uint8 array <c>[28, 28]</c>.</summary>
    /// <param name="index">0-based sample index.</param>
    /// <returns>A new array.</returns>
    /// <exception cref="TesseraArgumentException">The index is out of range.</exception>
    public NdArray ToArray(int index) => NdArray.FromArray<byte>(PixelsOf(index), Side, Side);

    /// <summary>Sample <paramref name="index"/> as a new 2-D gray uint8 image.</summary>
    /// <param name="index">0-based sample index.</param>
    /// <returns>A new image the caller owns.</returns>
    /// <exception cref="TesseraArgumentException">The index is out of range.</exception>
    public Image ToImage(int index) => Image.FromPixels<byte>(PixelsOf(index), Side, Side, 1, keep2D: true);

    /// <summary>Every sample as one new uint8 array <c>[Count, 28, 28]</c>.</summary>
    /// <returns>A new array.</returns>
    public NdArray ToArray() => NdArray.FromArray<byte>(_pixels, Count, Side, Side);

    /// <summary>The samples whose positions are listed, in that order (e.g. a few-shot subset).</summary>
    /// <param name="indices">0-based sample indices.</param>
    /// <returns>A new set.</returns>
    /// <exception cref="TesseraArgumentException">An index is out of range.</exception>
    public DigitSet Select(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var n = Side * Side;
        var pixels = new byte[indices.Count * n];
        var labels = new int[indices.Count];
        var inClass = new int[indices.Count];
        for (var i = 0; i < indices.Count; i++)
        {
            PixelsOf(indices[i]).CopyTo(pixels.AsSpan(i * n, n));
            labels[i] = _labels[indices[i]];
            inClass[i] = _indexInClass[indices[i]];
        }
        return new DigitSet(pixels, labels, inClass);
    }

    /// <summary>The first <paramref name="perClass"/> samples of every class, in class order (few-shot sets).</summary>
    /// <param name="perClass">Samples per class.</param>
    /// <returns>A new set with up to 10 × <paramref name="perClass"/> samples.</returns>
    /// <exception cref="TesseraArgumentException"><paramref name="perClass"/> is not positive.</exception>
    public DigitSet TakePerClass(int perClass)
    {
        Guard.Positive(perClass);
        var picked = new List<int>();
        for (var c = 0; c < ClassNames.Count; c++)
        {
            picked.AddRange(Enumerable.Range(0, Count).Where(i => _labels[i] == c).Take(perClass));
        }
        return Select(picked);
    }
}
