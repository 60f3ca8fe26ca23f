using System.Text;
using Tessera.Core.Errors;

namespace Tessera.Data.Coco;

/// <summary>
/// A COCO run-length-encoded mask: alternating runs of 0s and 1s (starting with 0s, possibly an empty run) over the
/// pixels in column-major order (down each column, then the next column), as pycocotools stores them. Stored in JSON
/// either uncompressed (<c>{"size": [h, w], "counts": [n, …]}</c>) or compressed (<c>"counts"</c> a string in
/// pycocotools' 6-bit encoding with differences to the run two back).
/// </summary>
/// <remarks>Reference: cocodataset/cocoapi <c>common/maskApi.c</c> (<c>rleEncode</c>, <c>rleToString</c>, <c>rleFrString</c>).</remarks>
public sealed record CocoRle
{
    /// <summary>Creates an RLE, checking that the runs cover exactly <paramref name="height"/> × <paramref name="width"/> pixels.</summary>
    /// <param name="height">Rows.</param>
    /// <param name="width">Columns.</param>
    /// <param name="counts">Run lengths.</param>
    /// <exception cref="TesseraArgumentException">A size is negative or the runs do not sum to h·w.</exception>
    public CocoRle(int height, int width, IReadOnlyList<long> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        Guard.That(height >= 0 && width >= 0, nameof(height), $"size must not be negative (got {height}×{width})");
        Guard.That(counts.All(c => c >= 0), nameof(counts), "runs must not be negative");
        Guard.That(counts.Sum() == (long)height * width, nameof(counts), $"runs sum to {counts.Sum()}, not h·w = {(long)height * width}");
        Height = height;
        Width = width;
        Counts = counts;
    }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>Columns.</summary>
    public int Width { get; }

    /// <summary>Run lengths (0s first).</summary>
    public IReadOnlyList<long> Counts { get; }

    /// <summary>Number of 1 pixels.</summary>
    public long Area => Counts.Where((_, i) => i % 2 == 1).Sum();

    /// <summary>Encodes a row-major mask (nonzero = 1).</summary>
    /// <param name="mask">H·W values, row-major.</param>
    /// <param name="height">Rows.</param>
    /// <param name="width">Columns.</param>
    /// <returns>The RLE.</returns>
    /// <exception cref="TesseraArgumentException">The mask length is not h·w.</exception>
    public static CocoRle Encode(ReadOnlySpan<byte> mask, int height, int width)
    {
        Guard.That(height >= 0 && width >= 0 && mask.Length == height * width, nameof(mask), $"must hold h·w = {height}·{width} values (got {mask.Length})");
        var counts = new List<long>();
        byte current = 0;
        long run = 0;
        for (var x = 0; x < width; x++)
        {
            for (var y = 0; y < height; y++)
            {
                var v = mask[(y * width) + x] != 0 ? (byte)1 : (byte)0;
                if (v != current)
                {
                    counts.Add(run);
                    run = 0;
                    current = v;
                }
                run++;
            }
        }
        counts.Add(run);
        return new CocoRle(height, width, counts);
    }

    /// <summary>Decodes to a row-major mask of 0/1 bytes.</summary>
    /// <returns>A new H·W array.</returns>
    public byte[] Decode()
    {
        var mask = new byte[Height * Width];
        long position = 0;
        for (var i = 0; i < Counts.Count; i++)
        {
            if (i % 2 == 1)
            {
                for (var p = position; p < position + Counts[i]; p++)
                {
                    var x = (int)(p / Height);
                    var y = (int)(p % Height);
                    mask[(y * Width) + x] = 1;
                }
            }
            position += Counts[i];
        }
        return mask;
    }

    /// <summary>pycocotools' compressed string of the runs (<c>rleToString</c>).</summary>
    /// <returns>The ASCII string.</returns>
    public string ToCompressedString()
    {
        var s = new StringBuilder();
        for (var i = 0; i < Counts.Count; i++)
        {
            var x = Counts[i];
            if (i > 2) { x -= Counts[i - 2]; }
            var more = true;
            while (more)
            {
                var c = (int)(x & 0x1f);
                x >>= 5;
                more = (c & 0x10) != 0 ? x != -1 : x != 0;
                if (more) { c |= 0x20; }
                s.Append((char)(c + 48));
            }
        }
        return s.ToString();
    }

    /// <summary>Parses pycocotools' compressed string (<c>rleFrString</c>).</summary>
    /// <param name="counts">The string.</param>
    /// <param name="height">Rows.</param>
    /// <param name="width">Columns.</param>
    /// <returns>The RLE.</returns>
    /// <exception cref="TesseraArgumentException">The string has a character outside the encoding, ends inside a number, or its runs do not sum to h·w.</exception>
    public static CocoRle FromCompressedString(string counts, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var runs = new List<long>();
        var p = 0;
        while (p < counts.Length)
        {
            long x = 0;
            var k = 0;
            var more = true;
            while (more)
            {
                Guard.That(p < counts.Length, nameof(counts), "ends inside a run length");
                var c = counts[p] - 48;
                Guard.That(c is >= 0 and < 64, nameof(counts), $"character '{counts[p]}' at {p} is not in the RLE alphabet ('0' … 'o')");
                x |= (long)(c & 0x1f) << (5 * k);
                more = (c & 0x20) != 0;
                p++;
                k++;
                if (!more && (c & 0x10) != 0) { x |= -1L << (5 * k); }
            }
            if (runs.Count > 2) { x += runs[^2]; }
            runs.Add(x);
        }
        return new CocoRle(height, width, runs);
    }
}
