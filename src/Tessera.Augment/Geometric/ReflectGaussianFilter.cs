using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Tessera.Augment.Common;

namespace Tessera.Augment.Geometric;

/// <summary>
/// scipy's <c>ndimage.gaussian_filter(field, sigma)</c> on a float64 H×W field (mode <c>reflect</c>, truncate 4): the
/// displacement blur of albumentations' exact <c>ElasticTransform</c>. The kernel is computed as scipy computes it
/// (<c>exp(-0.5/σ²·x²)</c> divided by its NumPy pairwise sum), axis 0 is filtered before axis 1, and each output is
/// summed in scipy's order for symmetric kernels (centre tap, then the pairs from the outermost inwards, each pair added
/// before it is weighted), in separate multiplies and adds, four or more outputs at a time in SIMD lanes. Where the
/// kernel reaches more than one period of the reflection past the edge, the taps are folded onto one period first
/// (bounded time for any sigma; the same sum up to rounding).
/// </summary>
internal static class ReflectGaussianFilter
{
    /// <summary>Filters <paramref name="field"/> (h·w values, row-major) in place.</summary>
    public static void Apply(Span<double> field, int h, int w, double sigma)
    {
        var radius = (int)((4.0 * sigma) + 0.5);
        var half = HalfKernel(sigma, radius);
        var scratch = ArrayPool<double>.Shared.Rent(Math.Max(h, w) + (2 * Math.Min(radius, 2 * Math.Max(h, w))) + 8);
        var rows = ArrayPool<double>.Shared.Rent(h * w);
        try
        {
            field[..(h * w)].CopyTo(rows);
            Columns(rows.AsSpan(0, h * w), field, h, w, half, radius);
            field[..(h * w)].CopyTo(rows);
            for (var y = 0; y < h; y++)
            {
                Line(rows.AsSpan(y * w, w), field.Slice(y * w, w), half, radius, scratch);
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rows);
            ArrayPool<double>.Shared.Return(scratch);
        }
    }

    /// <summary>Weights at distance 0…radius of scipy's normalised Gaussian (<c>_gaussian_kernel1d</c>, order 0).</summary>
    internal static double[] HalfKernel(double sigma, int radius)
    {
        var full = new double[(2 * radius) + 1];
        var scale = -0.5 / (sigma * sigma);
        for (var i = 0; i < full.Length; i++)
        {
            long x = i - radius;
            full[i] = Math.Exp(scale * (x * x));
        }
        var sum = PairwiseSum(full);
        var half = new double[radius + 1];
        for (var j = 0; j <= radius; j++)
        {
            half[j] = full[radius + j] / sum;
        }
        return half;
    }

    /// <summary>NumPy's pairwise summation of a float64 array (blocks of 128, eight partial sums in a block).</summary>
    internal static double PairwiseSum(ReadOnlySpan<double> a)
    {
        var n = a.Length;
        if (n < 8)
        {
            var s = 0.0; // numpy starts from -0.0; the sign of an empty or all-zero sum does not matter here
            for (var i = 0; i < n; i++)
            {
                s += a[i];
            }
            return s;
        }
        if (n <= 128)
        {
            double r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7];
            var i = 8;
            for (; i < n - (n % 8); i += 8)
            {
                r0 += a[i];
                r1 += a[i + 1];
                r2 += a[i + 2];
                r3 += a[i + 3];
                r4 += a[i + 4];
                r5 += a[i + 5];
                r6 += a[i + 6];
                r7 += a[i + 7];
            }
            var res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++)
            {
                res += a[i];
            }
            return res;
        }
        var n2 = n / 2;
        n2 -= n2 % 8;
        return PairwiseSum(a[..n2]) + PairwiseSum(a[n2..]);
    }

    /// <summary>One line (contiguous) filtered into <paramref name="dst"/>.</summary>
    private static void Line(ReadOnlySpan<double> src, Span<double> dst, double[] half, int radius, double[] scratch)
    {
        var n = src.Length;
        if (radius > 2 * n)
        {
            Folded(src, dst, half, radius);
            return;
        }
        // src extended by radius on both sides
        var ext = scratch.AsSpan(0, n + (2 * radius));
        for (var i = 0; i < ext.Length; i++)
        {
            ext[i] = src[BorderIndex.Reflect(i - radius, n)];
        }
        ref var e = ref MemoryMarshal.GetReference(ext);
        var x = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var lanes = Vector<double>.Count;
            // four vectors per pass: independent sums hide the adder's latency
            for (; x + (4 * lanes) <= n; x += 4 * lanes)
            {
                ref var c = ref Unsafe.Add(ref e, x + radius);
                var w0 = new Vector<double>(half[0]);
                var a0 = Vector.LoadUnsafe(ref c) * w0;
                var a1 = Vector.LoadUnsafe(ref Unsafe.Add(ref c, lanes)) * w0;
                var a2 = Vector.LoadUnsafe(ref Unsafe.Add(ref c, 2 * lanes)) * w0;
                var a3 = Vector.LoadUnsafe(ref Unsafe.Add(ref c, 3 * lanes)) * w0;
                for (var j = radius; j >= 1; j--)
                {
                    ref var l = ref Unsafe.Subtract(ref c, j);
                    ref var r = ref Unsafe.Add(ref c, j);
                    var wj = new Vector<double>(half[j]);
                    a0 += (Vector.LoadUnsafe(ref l) + Vector.LoadUnsafe(ref r)) * wj;
                    a1 += (Vector.LoadUnsafe(ref Unsafe.Add(ref l, lanes)) + Vector.LoadUnsafe(ref Unsafe.Add(ref r, lanes))) * wj;
                    a2 += (Vector.LoadUnsafe(ref Unsafe.Add(ref l, 2 * lanes)) + Vector.LoadUnsafe(ref Unsafe.Add(ref r, 2 * lanes))) * wj;
                    a3 += (Vector.LoadUnsafe(ref Unsafe.Add(ref l, 3 * lanes)) + Vector.LoadUnsafe(ref Unsafe.Add(ref r, 3 * lanes))) * wj;
                }
                a0.CopyTo(dst[x..]);
                a1.CopyTo(dst[(x + lanes)..]);
                a2.CopyTo(dst[(x + (2 * lanes))..]);
                a3.CopyTo(dst[(x + (3 * lanes))..]);
            }
            for (; x + lanes <= n; x += lanes)
            {
                ref var c = ref Unsafe.Add(ref e, x + radius);
                var acc = Vector.LoadUnsafe(ref c) * new Vector<double>(half[0]);
                for (var j = radius; j >= 1; j--)
                {
                    var pair = Vector.LoadUnsafe(ref Unsafe.Subtract(ref c, j)) + Vector.LoadUnsafe(ref Unsafe.Add(ref c, j));
                    acc += pair * new Vector<double>(half[j]);
                }
                acc.CopyTo(dst[x..]);
            }
        }
        for (; x < n; x++)
        {
            ref var c = ref Unsafe.Add(ref e, x + radius);
            var acc = c * half[0];
            for (var j = radius; j >= 1; j--)
            {
                acc += (Unsafe.Subtract(ref c, j) + Unsafe.Add(ref c, j)) * half[j];
            }
            dst[x] = acc;
        }
    }

    /// <summary>Axis 0: every column filtered, the columns of a row in SIMD lanes.</summary>
    private static void Columns(ReadOnlySpan<double> src, Span<double> dst, int h, int w, double[] half, int radius)
    {
        if (radius > 2 * h)
        {
            var column = new double[h];
            var outColumn = new double[h];
            for (var x = 0; x < w; x++)
            {
                for (var y = 0; y < h; y++)
                {
                    column[y] = src[(y * w) + x];
                }
                Folded(column, outColumn, half, radius);
                for (var y = 0; y < h; y++)
                {
                    dst[(y * w) + x] = outColumn[y];
                }
            }
            return;
        }
        var rowOf = new int[h + (2 * radius)];
        for (var i = 0; i < rowOf.Length; i++)
        {
            rowOf[i] = BorderIndex.Reflect(i - radius, h) * w;
        }
        ref var s = ref MemoryMarshal.GetReference(src);
        var lanes = Vector.IsHardwareAccelerated ? Vector<double>.Count : 1;
        for (var y = 0; y < h; y++)
        {
            var centre = rowOf[y + radius];
            var x = 0;
            if (Vector.IsHardwareAccelerated)
            {
                // four vectors per pass: independent sums hide the adder's latency
                for (; x + (4 * lanes) <= w; x += 4 * lanes)
                {
                    var w0 = new Vector<double>(half[0]);
                    ref var c = ref Unsafe.Add(ref s, centre + x);
                    var a0 = Vector.LoadUnsafe(ref c) * w0;
                    var a1 = Vector.LoadUnsafe(ref Unsafe.Add(ref c, lanes)) * w0;
                    var a2 = Vector.LoadUnsafe(ref Unsafe.Add(ref c, 2 * lanes)) * w0;
                    var a3 = Vector.LoadUnsafe(ref Unsafe.Add(ref c, 3 * lanes)) * w0;
                    for (var j = radius; j >= 1; j--)
                    {
                        ref var u = ref Unsafe.Add(ref s, rowOf[y + radius - j] + x);
                        ref var d = ref Unsafe.Add(ref s, rowOf[y + radius + j] + x);
                        var wj = new Vector<double>(half[j]);
                        a0 += (Vector.LoadUnsafe(ref u) + Vector.LoadUnsafe(ref d)) * wj;
                        a1 += (Vector.LoadUnsafe(ref Unsafe.Add(ref u, lanes)) + Vector.LoadUnsafe(ref Unsafe.Add(ref d, lanes))) * wj;
                        a2 += (Vector.LoadUnsafe(ref Unsafe.Add(ref u, 2 * lanes)) + Vector.LoadUnsafe(ref Unsafe.Add(ref d, 2 * lanes))) * wj;
                        a3 += (Vector.LoadUnsafe(ref Unsafe.Add(ref u, 3 * lanes)) + Vector.LoadUnsafe(ref Unsafe.Add(ref d, 3 * lanes))) * wj;
                    }
                    a0.CopyTo(dst[((y * w) + x)..]);
                    a1.CopyTo(dst[((y * w) + x + lanes)..]);
                    a2.CopyTo(dst[((y * w) + x + (2 * lanes))..]);
                    a3.CopyTo(dst[((y * w) + x + (3 * lanes))..]);
                }
                for (; x + lanes <= w; x += lanes)
                {
                    ref var c = ref Unsafe.Add(ref s, centre + x);
                    var a0 = Vector.LoadUnsafe(ref c) * new Vector<double>(half[0]);
                    for (var j = radius; j >= 1; j--)
                    {
                        a0 += (Vector.LoadUnsafe(ref Unsafe.Add(ref s, rowOf[y + radius - j] + x)) + Vector.LoadUnsafe(ref Unsafe.Add(ref s, rowOf[y + radius + j] + x))) * new Vector<double>(half[j]);
                    }
                    a0.CopyTo(dst[((y * w) + x)..]);
                }
            }
            for (; x < w; x++)
            {
                var acc = Unsafe.Add(ref s, centre + x) * half[0];
                for (var j = radius; j >= 1; j--)
                {
                    acc += (Unsafe.Add(ref s, rowOf[y + radius - j] + x) + Unsafe.Add(ref s, rowOf[y + radius + j] + x)) * half[j];
                }
                dst[(y * w) + x] = acc;
            }
        }
    }

    /// <summary>A line whose kernel spans more than two periods of the reflection: the taps folded onto one period first.</summary>
    private static void Folded(ReadOnlySpan<double> src, Span<double> dst, double[] half, int radius)
    {
        var n = src.Length;
        var period = 2 * n;
        var folded = new double[period];
        for (long t = -radius; t <= radius; t++)
        {
            folded[(int)(((t % period) + period) % period)] += half[Math.Abs(t)];
        }
        for (var x = 0; x < n; x++)
        {
            var acc = 0.0;
            for (var m = 0; m < period; m++)
            {
                acc += folded[m] * src[BorderIndex.Reflect(x + m, n)];
            }
            dst[x] = acc;
        }
    }
}
