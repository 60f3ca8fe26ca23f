using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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
/// in 8-bit fixed point, on both axes, with REFLECT_101 borders. In fixed point the kernels are exact, so OpenCV's result is
/// the round-half-up of Σᵢⱼ aᵢ aⱼ x / (Σa)², saturated: with integer weights a and shift s = 2·log₂(Σa) it is
/// <c>(Σⱼ aⱼ hⱼ + 2^(s−1)) &gt;&gt; s</c>, where <c>hⱼ = Σᵢ aᵢ x</c> is the exact horizontal sum of row j.
/// That value never exceeds 255, so no saturation is needed.
/// </para>
/// <para>
/// The source is read once, row by row: each source row is filtered horizontally into a ring of <c>ksize</c> ushort
/// rows, and each output row is the vertical weighted sum of the ring rows it needs. The ring stays in L1, and the
/// source and destination are streamed, so a source that is not in cache costs little extra.
/// Horizontal sums fit 16 bits for every size (≤ 64·255); vertical sums fit 16 bits for ksize 3 and 5
/// (≤ 256·255 + 128 &lt; 65536) and need 32 bits for ksize 7.
/// </para>
/// </remarks>
internal static class BinomialBlur8U
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
        Guard.That(Supports(src, ksize, 0), nameof(src), $"needs a uint8 image with 1–4 channels and ksize 1, 3, 5 or 7 (got {src} and ksize {ksize})");
        var dst = Image.CreateUninitializedLike(src);
        try
        {
            Blur(src.Bytes, dst.Bytes, src.Height, src.Width, src.Channels, ksize, vectorize);
            return dst;
        }
        catch
        {
            dst.Dispose();
            throw;
        }
    }

    private static void Blur(ReadOnlySpan<byte> src, Span<byte> dst, int height, int width, int channels, int ksize, bool vectorize)
    {
        if (ksize == 1)
        {
            src.CopyTo(dst);
            return;
        }
        var rowLength = width * channels;
        var ring = ArrayPool<ushort>.Shared.Rent(ksize * rowLength);
        try
        {
            switch (ksize)
            {
                case 3:
                    Blur<K3>(src, dst, ring, height, width, channels, vectorize);
                    break;
                case 5:
                    Blur<K5>(src, dst, ring, height, width, channels, vectorize);
                    break;
                default:
                    Blur<K7>(src, dst, ring, height, width, channels, vectorize);
                    break;
            }
        }
        finally
        {
            ArrayPool<ushort>.Shared.Return(ring);
        }
    }

    /// <summary>
    /// Streams the rows: before output row y, every source row up to min(y + r, H − 1) has been filtered horizontally
    /// into ring slot (row mod ksize). The rows output y needs lie in [max(0, y − r), min(H − 1, y + r)], at most ksize
    /// consecutive rows, so their slots are distinct and none has been overwritten yet.
    /// </summary>
    private static void Blur<TK>(ReadOnlySpan<byte> src, Span<byte> dst, ushort[] ring, int height, int width, int channels, bool vectorize)
        where TK : struct, IBinomialKernel
    {
        var k = (2 * TK.Radius) + 1;
        var rowLength = width * channels;
        Span<int> rows = stackalloc int[k];
        var next = 0;
        for (var y = 0; y < height; y++)
        {
            for (var last = Math.Min(height - 1, y + TK.Radius); next <= last; next++)
            {
                var h = ring.AsSpan((next % k) * rowLength, rowLength);
                Horizontal<TK>(src.Slice(next * rowLength, rowLength), h, width, channels, vectorize);
            }
            for (var j = 0; j < k; j++)
            {
                rows[j] = (Reflect101(y + j - TK.Radius, height) % k) * rowLength;
            }
            Vertical<TK>(ring, rows, dst.Slice(y * rowLength, rowLength), vectorize);
        }
    }

    /// <summary>h[x, c] = Σᵢ aᵢ · row[reflect(x + i − r), c] for one interleaved row.</summary>
    private static void Horizontal<TK>(ReadOnlySpan<byte> row, Span<ushort> h, int width, int channels, bool vectorize)
        where TK : struct, IBinomialKernel
    {
        var r = TK.Radius;
        if (width <= 2 * r)
        {
            HorizontalScalar<TK>(row, h, width, channels, 0, width);
            return;
        }
        HorizontalScalar<TK>(row, h, width, channels, 0, r);
        HorizontalScalar<TK>(row, h, width, channels, width - r, width);
        // interior elements: all taps are inside the row, at element offsets ±d·channels
        var begin = r * channels;
        var end = (width - r) * channels;
        var n = begin;
        if (vectorize && end - begin >= Vector256<byte>.Count)
        {
            ref var s = ref MemoryMarshal.GetReference(row);
            ref var d = ref MemoryMarshal.GetReference(h);
            for (; n <= end - Vector256<byte>.Count; n += Vector256<byte>.Count)
            {
                HorizontalVector<TK>(ref s, ref d, n, channels);
            }
            if (n < end)
            {
                // the last block overlaps the previous one; it rewrites some sums with the same values
                HorizontalVector<TK>(ref s, ref d, end - Vector256<byte>.Count, channels);
            }
            return;
        }
        for (; n < end; n++)
        {
            var sum = TK.W0 * row[n];
            sum += TK.W1 * (row[n - channels] + row[n + channels]);
            if (TK.Radius >= 2)
            {
                sum += TK.W2 * (row[n - (2 * channels)] + row[n + (2 * channels)]);
            }
            if (TK.Radius >= 3)
            {
                sum += TK.W3 * (row[n - (3 * channels)] + row[n + (3 * channels)]);
            }
            h[n] = (ushort)sum;
        }
    }

    /// <summary>32 horizontal sums starting at element <paramref name="n"/> (all taps in bounds).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void HorizontalVector<TK>(ref byte row, ref ushort h, int n, int channels)
        where TK : struct, IBinomialKernel
    {
        var (lo, hi) = Vector256.Widen(Vector256.LoadUnsafe(ref row, (nuint)n));
        lo *= (ushort)TK.W0;
        hi *= (ushort)TK.W0;
        AddPair(ref row, n, channels, TK.W1, ref lo, ref hi);
        if (TK.Radius >= 2)
        {
            AddPair(ref row, n, 2 * channels, TK.W2, ref lo, ref hi);
        }
        if (TK.Radius >= 3)
        {
            AddPair(ref row, n, 3 * channels, TK.W3, ref lo, ref hi);
        }
        lo.StoreUnsafe(ref h, (nuint)n);
        hi.StoreUnsafe(ref h, (nuint)(n + Vector256<ushort>.Count));
    }

    /// <summary>Adds weight · (x[n − offset] + x[n + offset]) to 32 widened sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddPair(ref byte row, int n, int offset, int weight, ref Vector256<ushort> lo, ref Vector256<ushort> hi)
    {
        var (al, ah) = Vector256.Widen(Vector256.LoadUnsafe(ref row, (nuint)(n - offset)));
        var (bl, bh) = Vector256.Widen(Vector256.LoadUnsafe(ref row, (nuint)(n + offset)));
        if (weight == 1)
        {
            lo += al + bl;
            hi += ah + bh;
        }
        else
        {
            lo += (al + bl) * (ushort)weight;
            hi += (ah + bh) * (ushort)weight;
        }
    }

    /// <summary>Horizontal sums of pixels [<paramref name="from"/>, <paramref name="to"/>) with reflected taps.</summary>
    private static void HorizontalScalar<TK>(ReadOnlySpan<byte> row, Span<ushort> h, int width, int channels, int from, int to)
        where TK : struct, IBinomialKernel
    {
        var weights = TK.Weights;
        for (var x = from; x < to; x++)
        {
            for (var c = 0; c < channels; c++)
            {
                var sum = 0;
                for (var i = 0; i < weights.Length; i++)
                {
                    sum += weights[i] * row[(Reflect101(x + i - TK.Radius, width) * channels) + c];
                }
                h[(x * channels) + c] = (ushort)sum;
            }
        }
    }

    /// <summary>out[n] = (Σⱼ aⱼ · ring[rows[j] + n] + half) &gt;&gt; shift for one output row.</summary>
    private static void Vertical<TK>(ushort[] ring, ReadOnlySpan<int> rows, Span<byte> output, bool vectorize)
        where TK : struct, IBinomialKernel
    {
        var n = 0;
        var length = output.Length;
        if (vectorize && length >= Vector256<byte>.Count)
        {
            ref var ring0 = ref MemoryMarshal.GetArrayDataReference(ring);
            ref var o = ref MemoryMarshal.GetReference(output);
            for (; n <= length - Vector256<byte>.Count; n += Vector256<byte>.Count)
            {
                VerticalVector<TK>(ref ring0, rows, ref o, n);
            }
            if (n < length)
            {
                // overlapping last block (idempotent)
                VerticalVector<TK>(ref ring0, rows, ref o, length - Vector256<byte>.Count);
            }
            return;
        }
        var weights = TK.Weights;
        for (; n < length; n++)
        {
            var sum = 0;
            for (var j = 0; j < weights.Length; j++)
            {
                sum += weights[j] * ring[rows[j] + n];
            }
            output[n] = (byte)((sum + (1 << (TK.Shift - 1))) >> TK.Shift);
        }
    }

    /// <summary>32 outputs starting at element <paramref name="n"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void VerticalVector<TK>(ref ushort ring, ReadOnlySpan<int> rows, ref byte output, int n)
        where TK : struct, IBinomialKernel
    {
        var r = TK.Radius;
        var center = Load2(ref ring, rows[r] + n);
        var pair1 = Load2(ref ring, rows[r - 1] + n) + Load2(ref ring, rows[r + 1] + n);
        if (TK.Radius < 3)
        {
            // 16-bit sums suffice (see the class remarks)
            var sum = (center * (ushort)TK.W0) + (pair1 * (ushort)TK.W1);
            if (TK.Radius >= 2)
            {
                sum += (Load2(ref ring, rows[r - 2] + n) + Load2(ref ring, rows[r + 2] + n)) * (ushort)TK.W2;
            }
            var half = (ushort)(1 << (TK.Shift - 1));
            var lo = (sum.Lo + Vector256.Create(half)) >>> TK.Shift;
            var hi = (sum.Hi + Vector256.Create(half)) >>> TK.Shift;
            Vector256.Narrow(lo, hi).StoreUnsafe(ref output, (nuint)n);
            return;
        }
        // ksize 7: pair sums fit 16 bits (≤ 2·16320), the weighted total needs 32
        var pair2 = Load2(ref ring, rows[r - 2] + n) + Load2(ref ring, rows[r + 2] + n);
        var pair3 = Load2(ref ring, rows[r - 3] + n) + Load2(ref ring, rows[r + 3] + n);
        var outLo = Combine7(center.Lo, pair1.Lo, pair2.Lo, pair3.Lo);
        var outHi = Combine7(center.Hi, pair1.Hi, pair2.Hi, pair3.Hi);
        Vector256.Narrow(outLo, outHi).StoreUnsafe(ref output, (nuint)n);
    }

    /// <summary>(18·c + 14·p1 + 7·p2 + 2·p3 + 2048) &gt;&gt; 12 for 16 lanes, in 32 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ushort> Combine7(Vector256<ushort> center, Vector256<ushort> pair1, Vector256<ushort> pair2, Vector256<ushort> pair3)
    {
        var (c0, c1) = Vector256.Widen(center);
        var (a0, a1) = Vector256.Widen(pair1);
        var (b0, b1) = Vector256.Widen(pair2);
        var (d0, d1) = Vector256.Widen(pair3);
        var half = Vector256.Create(2048u);
        var s0 = ((c0 * (uint)K7.W0) + (a0 * (uint)K7.W1) + (b0 * (uint)K7.W2) + (d0 * (uint)K7.W3) + half) >>> K7.Shift;
        var s1 = ((c1 * (uint)K7.W0) + (a1 * (uint)K7.W1) + (b1 * (uint)K7.W2) + (d1 * (uint)K7.W3) + half) >>> K7.Shift;
        return Vector256.Narrow(s0, s1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Pair Load2(ref ushort ring, int offset)
        => new(Vector256.LoadUnsafe(ref ring, (nuint)offset), Vector256.LoadUnsafe(ref ring, (nuint)(offset + Vector256<ushort>.Count)));

    /// <summary>OpenCV's BORDER_REFLECT_101 index (…2 1 | 0 1 2 … n−1 | n−2 …), reflecting until inside; length 1 maps everything to 0.</summary>
    internal static int Reflect101(int p, int length)
    {
        if (length == 1)
        {
            return 0;
        }
        while ((uint)p >= (uint)length)
        {
            p = p < 0 ? -p : (2 * (length - 1)) - p;
        }
        return p;
    }

    /// <summary>Two adjacent ushort vectors (32 lanes), so the vertical pass reads like scalar code.</summary>
    private readonly record struct Pair(Vector256<ushort> Lo, Vector256<ushort> Hi)
    {
        public static Pair operator +(Pair a, Pair b) => new(a.Lo + b.Lo, a.Hi + b.Hi);

        public static Pair operator *(Pair a, ushort w) => new(a.Lo * w, a.Hi * w);
    }

    /// <summary>A symmetric kernel as compile-time constants (struct type arguments let the JIT specialise each size).</summary>
    private interface IBinomialKernel
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

        /// <summary>All weights, left to right.</summary>
        static abstract ReadOnlySpan<int> Weights { get; }
    }

    private readonly struct K3 : IBinomialKernel
    {
        public static int Radius => 1;
        public static int W0 => 2;
        public static int W1 => 1;
        public static int W2 => 0;
        public static int W3 => 0;
        public static int Shift => 4;
        public static ReadOnlySpan<int> Weights => [1, 2, 1];
    }

    private readonly struct K5 : IBinomialKernel
    {
        public static int Radius => 2;
        public static int W0 => 6;
        public static int W1 => 4;
        public static int W2 => 1;
        public static int W3 => 0;
        public static int Shift => 8;
        public static ReadOnlySpan<int> Weights => [1, 4, 6, 4, 1];
    }

    private readonly struct K7 : IBinomialKernel
    {
        public static int Radius => 3;
        public static int W0 => 18;
        public static int W1 => 14;
        public static int W2 => 7;
        public static int W3 => 2;
        public static int Shift => 12;
        public static ReadOnlySpan<int> Weights => [2, 7, 14, 18, 14, 7, 2];
    }
}
