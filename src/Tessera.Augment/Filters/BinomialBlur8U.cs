using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Tessera.Augment.Common;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;

namespace Tessera.Augment.Filters;

/// <summary>
/// OpenCV's <c>GaussianBlur</c> for uint8 images with sigma ≤ 0 and an odd kernel size ≤ 7, bit for bit, without OpenCV.
/// </summary>
/// <remarks>
/// <para>
/// For that case OpenCV uses a fixed kernel table (<c>getGaussianKernelBitExact</c>): 1, [1 2 1]/4, [1 4 6 4 1]/16 and
/// [2 7 14 18 14 7 2]/64 (binomial up to 5; the 7-tap entry is OpenCV's own rounded Gaussian, not [1 6 15 20 15 6 1]),
/// in 8-bit fixed point, on both axes, with REFLECT_101 borders. In fixed point these kernels are exact, so OpenCV's
/// result is the round-half-up of Σᵢⱼ aᵢ aⱼ x / (Σa)²: with integer weights a and s = 2·log₂(Σa) it is
/// <c>(Σᵢⱼ aᵢ aⱼ x + 2^(s−1)) &gt;&gt; s</c>, an exact integer sum, so the order of the two passes does not matter.
/// The result never exceeds 255, so no saturation is needed.
/// </para>
/// <para>
/// The separable sum is computed vertical pass first: for each output row, the ksize source rows it needs are
/// combined into one ushort line (padded with its REFLECT_101 border columns), and the horizontal pass turns that
/// line into the output row. Source rows are visited in order (each stays in L1 for the ksize output rows that use
/// it), are prefetched ahead of use, and the destination is written in order, so a source that is not in cache costs
/// little extra.
/// </para>
/// <para>
/// Ranges: vertical sums are ≤ 64·255 = 16320 for every size, so they and any sum of two of them fit 16 bits.
/// 2-D totals fit 16 bits for ksize 3 and 5 (≤ 256·255 + 128 &lt; 65536); for ksize 7 (≤ 4096·255) see
/// <see cref="Round7"/>.
/// </para>
/// </remarks>
internal static unsafe class BinomialBlur8U
{
    /// <summary>True when OpenCV would blur <paramref name="image"/> with a fixed small kernel, so <see cref="Apply(Image, int)"/> gives its exact result.</summary>
    /// <param name="image">The image.</param>
    /// <param name="ksize">Kernel width and height.</param>
    /// <param name="sigma">Sigma on both axes (OpenCV clamps negative values to 0).</param>
    public static bool Supports(Image image, int ksize, double sigma)
        => image.PixelType == PixelType.UInt8 && image.Channels is >= 1 and <= 4 && image.Rank is 2 or 3
           && sigma <= 0 && ksize is 1 or 3 or 5 or 7;

    /// <summary>Blurs <paramref name="src"/> with OpenCV's fixed ksize×ksize kernel (REFLECT_101 borders).</summary>
    /// <param name="src">A uint8 image with 1–4 channels (not modified).</param>
    /// <param name="ksize">1, 3, 5 or 7.</param>
    /// <returns>A new image of the same shape.</returns>
    /// <exception cref="TesseraArgumentException">The image or size is not supported (see <see cref="Supports"/>).</exception>
    public static Image Apply(Image src, int ksize) => Apply(src, ksize, Vector256.IsHardwareAccelerated);

    /// <summary>As <see cref="Apply(Image, int)"/>; <paramref name="vectorize"/> false forces the scalar code (for tests).</summary>
    internal static Image Apply(Image src, int ksize, bool vectorize)
    {
        ArgumentNullException.ThrowIfNull(src);
        if (!Supports(src, ksize, 0))
        {
            throw new TesseraArgumentException(nameof(src), $"needs a uint8 image with 1–4 channels and ksize 1, 3, 5 or 7 (got {src} and ksize {ksize})");
        }
        var dst = Image.CreateUninitializedLike(src);
        try
        {
            if (ksize == 1)
            {
                src.Bytes.CopyTo(dst.Bytes);
                return dst;
            }
            var rowLength = src.Width * src.Channels;
            var pad = (ksize / 2) * src.Channels;
            var scratch = ArrayPool<ushort>.Shared.Rent(rowLength + (2 * pad));
            try
            {
                fixed (byte* s = src.Bytes)
                fixed (byte* d = dst.Bytes)
                fixed (ushort* line = scratch)
                {
                    var image = new Layout(src.Height, src.Width, src.Channels);
                    switch (ksize)
                    {
                        case 3:
                            Blur<K3>(s, d, line + pad, image, vectorize);
                            break;
                        case 5:
                            Blur<K5>(s, d, line + pad, image, vectorize);
                            break;
                        default:
                            Blur<K7>(s, d, line + pad, image, vectorize);
                            break;
                    }
                }
            }
            finally
            {
                ArrayPool<ushort>.Shared.Return(scratch);
            }
            return dst;
        }
        catch
        {
            dst.Dispose();
            throw;
        }
    }

    /// <summary>
    /// One output row at a time: the vertical sums of its ksize (reflected) source rows go into <paramref name="line"/>,
    /// which has room for r border pixels on each side; the border is filled by reflection and the horizontal pass
    /// writes the row.
    /// </summary>
    private static void Blur<TK>(byte* src, byte* dst, ushort* line, Layout image, bool vectorize)
        where TK : struct, IKernel
    {
        var r = TK.Radius;
        var rowLength = image.RowLength;
        var rows = stackalloc byte*[(2 * r) + 1];
        for (var y = 0; y < image.Height; y++)
        {
            for (var j = -r; j <= r; j++)
            {
                rows[j + r] = src + ((nint)BorderIndex.Reflect101(y + j, image.Height) * rowLength);
            }
            if (y + r + 2 < image.Height)
            {
                // the row loop reads each new row interleaved with rows already in cache, which the hardware prefetcher
                // misses: asking two rows ahead cuts the cold-source cost on 256×256×3 from about 12 µs to about 3
                CacheHint.Prefetch(src + ((nint)(y + r + 2) * rowLength), rowLength);
            }
            Vertical<TK>(rows + r, line, rowLength, vectorize);
            for (var x = 1; x <= r; x++)
            {
                CopyPixel(line, BorderIndex.Reflect101(-x, image.Width), -x, image.Channels);
                CopyPixel(line, BorderIndex.Reflect101(image.Width - 1 + x, image.Width), image.Width - 1 + x, image.Channels);
            }
            Horizontal<TK>(line, dst + ((nint)y * rowLength), rowLength, image.Channels, vectorize);
        }
    }


    /// <summary>Copies pixel <paramref name="from"/> of the line to pixel <paramref name="to"/> (a border position).</summary>
    private static void CopyPixel(ushort* line, int from, int to, int channels)
    {
        for (var c = 0; c < channels; c++)
        {
            line[(to * channels) + c] = line[(from * channels) + c];
        }
    }

    /// <summary>line[n] = Σⱼ aⱼ · rows[j][n] for j in [−r, r] (<paramref name="rows"/> points at the centre row).</summary>
    private static void Vertical<TK>(byte** rows, ushort* line, int length, bool vectorize)
        where TK : struct, IKernel
    {
        byte* c0 = rows[0], m1 = rows[-1], p1 = rows[1];
        byte* m2 = TK.Radius >= 2 ? rows[-2] : c0, p2 = TK.Radius >= 2 ? rows[2] : c0;
        byte* m3 = TK.Radius >= 3 ? rows[-3] : c0, p3 = TK.Radius >= 3 ? rows[3] : c0;
        var n = 0;
        if (vectorize && length >= Vector256<ushort>.Count)
        {
            while (true)
            {
                for (; n <= length - Vector256<ushort>.Count; n += Vector256<ushort>.Count)
                {
                    var sum = Weighted(Widen16(c0 + n), TK.W0) + Weighted(Widen16(m1 + n) + Widen16(p1 + n), TK.W1);
                    if (TK.Radius >= 2)
                    {
                        sum += Weighted(Widen16(m2 + n) + Widen16(p2 + n), TK.W2);
                    }
                    if (TK.Radius >= 3)
                    {
                        sum += Weighted(Widen16(m3 + n) + Widen16(p3 + n), TK.W3);
                    }
                    sum.Store(line + n);
                }
                if (n == length)
                {
                    return;
                }
                // one more block, overlapping the previous one (it rewrites some sums with the same values)
                n = length - Vector256<ushort>.Count;
            }
        }
        for (; n < length; n++)
        {
            var sum = (TK.W0 * c0[n]) + (TK.W1 * (m1[n] + p1[n]));
            if (TK.Radius >= 2)
            {
                sum += TK.W2 * (m2[n] + p2[n]);
            }
            if (TK.Radius >= 3)
            {
                sum += TK.W3 * (m3[n] + p3[n]);
            }
            line[n] = (ushort)sum;
        }
    }

    /// <summary>out[n] = round(Σᵢ aᵢ · line[n + i·channels] / total) for i in [−r, r]; the line holds r border pixels on each side.</summary>
    private static void Horizontal<TK>(ushort* line, byte* output, int length, int channels, bool vectorize)
        where TK : struct, IKernel
    {
        var n = 0;
        if (vectorize && length >= Vector256<byte>.Count)
        {
            while (true)
            {
                for (; n <= length - Vector256<byte>.Count; n += Vector256<byte>.Count)
                {
                    var lo = Horizontal16<TK>(line + n, channels);
                    var hi = Horizontal16<TK>(line + n + Vector256<ushort>.Count, channels);
                    Vector256.Narrow(lo, hi).Store(output + n);
                }
                if (n == length)
                {
                    return;
                }
                n = length - Vector256<byte>.Count;
            }
        }
        for (; n < length; n++)
        {
            var p = line + n;
            var sum = (TK.W0 * p[0]) + (TK.W1 * (p[-channels] + p[channels]));
            if (TK.Radius >= 2)
            {
                sum += TK.W2 * (p[-2 * channels] + p[2 * channels]);
            }
            if (TK.Radius >= 3)
            {
                sum += TK.W3 * (p[-3 * channels] + p[3 * channels]);
            }
            output[n] = (byte)((sum + (1 << (TK.Shift - 1))) >> TK.Shift);
        }
    }

    /// <summary>16 rounded results (≤ 255) around <paramref name="p"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ushort> Horizontal16<TK>(ushort* p, int channels)
        where TK : struct, IKernel
    {
        var t0 = Vector256.Load(p);
        var t1 = Vector256.Load(p - channels) + Vector256.Load(p + channels);
        var t2 = TK.Radius >= 2 ? Vector256.Load(p - (2 * channels)) + Vector256.Load(p + (2 * channels)) : default;
        if (TK.Radius >= 3)
        {
            return Round7(t0, t1, t2, Vector256.Load(p - (3 * channels)) + Vector256.Load(p + (3 * channels)));
        }
        var sum = Weighted(t0, TK.W0) + Weighted(t1, TK.W1);
        if (TK.Radius >= 2)
        {
            sum += Weighted(t2, TK.W2);
        }
        return (sum + Vector256.Create((ushort)(1 << (TK.Shift - 1)))) >>> TK.Shift;
    }

    /// <summary>
    /// The rounded ksize-7 result in 16 bits. The total V = 18·t₀ + 14·t₁ + 7·t₂ + 2·t₃ (t₀ the centre sum, tᵢ the sums
    /// of the two taps at distance i, each ≤ 32640) can reach 1 044 480. Splitting each term as t = 64·(t &gt;&gt; 6) + (t &amp; 63)
    /// gives V = 64·A + B with A ≤ 16320 and B ≤ 41·63, both 16-bit, and
    /// (V + 2048) &gt;&gt; 12 = (A + ((B + 2048) &gt;&gt; 6)) &gt;&gt; 6 exactly (⌊(m + t)/64⌋ = ⌊(m + ⌊t⌋)/64⌋ for integer m).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ushort> Round7(Vector256<ushort> t0, Vector256<ushort> t1, Vector256<ushort> t2, Vector256<ushort> t3)
    {
        var low = Vector256.Create((ushort)63);
        var a = ((t0 >>> 6) * (ushort)K7.W0) + ((t1 >>> 6) * (ushort)K7.W1) + ((t2 >>> 6) * (ushort)K7.W2) + ((t3 >>> 6) * (ushort)K7.W3);
        var b = ((t0 & low) * (ushort)K7.W0) + ((t1 & low) * (ushort)K7.W1) + ((t2 & low) * (ushort)K7.W2) + ((t3 & low) * (ushort)K7.W3);
        return (a + ((b + Vector256.Create((ushort)2048)) >>> 6)) >>> 6;
    }

    /// <summary>16 bytes widened to ushort (one load-and-extend instruction on x64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ushort> Widen16(byte* p) => Vector256.WidenLower(Vector128.Load(p).ToVector256Unsafe());

    /// <summary><paramref name="v"/> · <paramref name="weight"/> (no multiply for weight 1; the weight is a JIT-time constant).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ushort> Weighted(Vector256<ushort> v, int weight) => weight == 1 ? v : v * (ushort)weight;

    /// <summary>Image geometry in elements.</summary>
    private readonly record struct Layout(int Height, int Width, int Channels)
    {
        public int RowLength => Width * Channels;
    }

    /// <summary>A symmetric kernel as JIT-time constants (struct type arguments make the JIT specialise each size).</summary>
    private interface IKernel
    {
        /// <summary>Half size r (ksize = 2r + 1).</summary>
        static abstract int Radius { get; }

        /// <summary>Centre weight.</summary>
        static abstract int W0 { get; }

        /// <summary>Weight at distance 1.</summary>
        static abstract int W1 { get; }

        /// <summary>Weight at distance 2 (unused when r &lt; 2).</summary>
        static abstract int W2 { get; }

        /// <summary>Weight at distance 3 (unused when r &lt; 3).</summary>
        static abstract int W3 { get; }

        /// <summary>2·log₂(Σ weights): the shift that divides the 2-D sum by the kernel's total.</summary>
        static abstract int Shift { get; }
    }

    /// <summary>[1 2 1] / 4.</summary>
    private readonly struct K3 : IKernel
    {
        public static int Radius => 1;
        public static int W0 => 2;
        public static int W1 => 1;
        public static int W2 => 0;
        public static int W3 => 0;
        public static int Shift => 4;
    }

    /// <summary>[1 4 6 4 1] / 16.</summary>
    private readonly struct K5 : IKernel
    {
        public static int Radius => 2;
        public static int W0 => 6;
        public static int W1 => 4;
        public static int W2 => 1;
        public static int W3 => 0;
        public static int Shift => 8;
    }

    /// <summary>[2 7 14 18 14 7 2] / 64 (OpenCV's table entry for size 7).</summary>
    private readonly struct K7 : IKernel
    {
        public static int Radius => 3;
        public static int W0 => 18;
        public static int W1 => 14;
        public static int W2 => 7;
        public static int W3 => 2;
        public static int Shift => 12;
    }
}
