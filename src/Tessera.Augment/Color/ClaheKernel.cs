using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Tessera.Augment.Common;

namespace Tessera.Augment.Color;

/// <summary>
/// OpenCV's CLAHE (<c>cv::createCLAHE(clip, (tilesX, tilesY)).apply</c>) on one uint8 plane, bit for bit: a clipped
/// histogram per tile (the image first padded with REFLECT_101 to a whole number of tiles as OpenCV pads it, a full tile
/// of padding included when only the other side needs it), the clipped counts spread evenly with the remainder stepped
/// from bin 0, a float lookup table per tile rounded half to even, and each pixel bilinearly weighted between the four
/// nearest tile tables in float32 in OpenCV's operation order. The weighting runs eight pixels at a time with AVX2
/// gathers where available; the arithmetic stays the same (separate multiplies and adds, no fused multiply-add).
/// </summary>
internal static class ClaheKernel
{
    private const int Bins = 256;

    /// <summary>Equalizes <paramref name="src"/> (h·w bytes) into <paramref name="dst"/> (may be the same memory).</summary>
    public static void Apply(ReadOnlySpan<byte> src, Span<byte> dst, int h, int w, double clipLimit, int tilesX, int tilesY)
    {
        var divisible = w % tilesX == 0 && h % tilesY == 0;
        int extW = divisible ? w : w + tilesX - (w % tilesX), extH = divisible ? h : h + tilesY - (h % tilesY);
        int tw = extW / tilesX, th = extH / tilesY;
        var total = tw * th;
        var lutScale = (float)(Bins - 1) / total;
        var clip = 0;
        if (clipLimit > 0)
        {
            clip = Math.Max((int)(clipLimit * total / Bins), 1);
        }
        var luts = ArrayPool<float>.Shared.Rent(tilesX * tilesY * Bins);
        var hist = ArrayPool<int>.Shared.Rent(tilesX * 4 * Bins);
        byte[]? padded = null;
        try
        {
            ReadOnlySpan<byte> forLut = src[..(h * w)];
            if (!divisible)
            {
                padded = ArrayPool<byte>.Shared.Rent(extW * extH);
                for (var y = 0; y < extH; y++)
                {
                    var sy = BorderIndex.Reflect101(y, h);
                    for (var x = 0; x < extW; x++)
                    {
                        padded[(y * extW) + x] = src[(sy * w) + BorderIndex.Reflect101(x, w)];
                    }
                }
                forLut = padded.AsSpan(0, extW * extH);
            }
            for (var ty = 0; ty < tilesY; ty++)
            {
                TileRowLuts(forLut, extW, ty, th, tw, tilesX, hist, clip, lutScale, luts.AsSpan(ty * tilesX * Bins, tilesX * Bins));
            }
            Interpolate(src, dst, h, w, tw, th, tilesX, tilesY, luts);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(luts);
            ArrayPool<int>.Shared.Return(hist);
            if (padded is not null)
            {
                ArrayPool<byte>.Shared.Return(padded);
            }
        }
    }

    /// <summary>The tables of the tiles of tile row <paramref name="ty"/> (one pass over its image rows).</summary>
    internal static void TileRowLuts(ReadOnlySpan<byte> image, int stride, int ty, int th, int tw, int tilesX, int[] hist, int clip, float lutScale, Span<float> luts)
    {
        CountTileRow(image, stride, ty, th, tw, tilesX, hist);
        for (var tx = 0; tx < tilesX; tx++)
        {
            TileLut(hist.AsSpan(tx * 4 * Bins, Bins), clip, lutScale, luts.Slice(tx * Bins, Bins));
        }
    }

    /// <summary>
    /// The histogram of each tile of tile row <paramref name="ty"/>, tile <c>tx</c> at <c>tx·4·256</c> of
    /// <paramref name="hist"/>. Four partial histograms per tile, one per pixel column modulo 4, summed at the end: runs
    /// of equal values (smooth images) would otherwise wait on their own previous increment of the same counter.
    /// </summary>
    internal static unsafe void CountTileRow(ReadOnlySpan<byte> image, int stride, int ty, int th, int tw, int tilesX, int[] hist)
    {
        var partial = hist.AsSpan(0, tilesX * 4 * Bins);
        partial.Clear();
        fixed (int* counts = partial)
        fixed (byte* img = image)
        {
            for (var y = ty * th; y < (ty + 1) * th; y++)
            {
                var row = img + ((long)y * stride);
                for (var tx = 0; tx < tilesX; tx++)
                {
                    var p = row + (tx * tw);
                    int* h0 = counts + (tx * 4 * Bins), h1 = h0 + Bins, h2 = h1 + Bins, h3 = h2 + Bins;
                    var x = 0;
                    for (; x + 4 <= tw; x += 4)
                    {
                        h0[p[x]]++;
                        h1[p[x + 1]]++;
                        h2[p[x + 2]]++;
                        h3[p[x + 3]]++;
                    }
                    for (; x < tw; x++)
                    {
                        h0[p[x]]++;
                    }
                }
            }
            for (var tx = 0; tx < tilesX; tx++)
            {
                int* h0 = counts + (tx * 4 * Bins), h1 = h0 + Bins, h2 = h1 + Bins, h3 = h2 + Bins;
                for (var i = 0; i < Bins; i++)
                {
                    h0[i] += h1[i] + h2[i] + h3[i];
                }
            }
        }
    }

    /// <summary>One tile's table from its histogram (clipped and redistributed in place when <paramref name="clip"/> &gt; 0).</summary>
    internal static void TileLut(Span<int> tileHist, int clip, float lutScale, Span<float> lut)
    {
        tileHist = tileHist[..Bins];
        lut = lut[..Bins];
        if (clip > 0)
        {
            // the clipped counts (branch-free, eight bins at a time), spread evenly, the remainder stepped from bin 0
            var limit = Vector256.Create(clip);
            var excess = Vector256<int>.Zero;
            for (var i = 0; i < Bins; i += Vector256<int>.Count)
            {
                var v = Vector256.Create(tileHist.Slice(i, Vector256<int>.Count));
                excess += Vector256.Max(v - limit, Vector256<int>.Zero);
                Vector256.Min(v, limit).CopyTo(tileHist.Slice(i, Vector256<int>.Count));
            }
            var clipped = Vector256.Sum(excess);
            var batch = clipped / Bins;
            var residual = clipped - (batch * Bins);
            var spread = Vector256.Create(batch);
            for (var i = 0; i < Bins; i += Vector256<int>.Count)
            {
                (Vector256.Create(tileHist.Slice(i, Vector256<int>.Count)) + spread).CopyTo(tileHist.Slice(i, Vector256<int>.Count));
            }
            if (residual != 0)
            {
                var step = Math.Max(Bins / residual, 1);
                for (var i = 0; i < Bins && residual > 0; i += step, residual--)
                {
                    tileHist[i]++;
                }
            }
        }
        // running sums, then sum · scale rounded half to even eight at a time (the sums never exceed the tile's pixel
        // count, so the products stay within 0…255 and need no clamp)
        var sums = (Span<int>)stackalloc int[Bins];
        var sum = 0;
        for (var i = 0; i < Bins; i++)
        {
            sum += tileHist[i];
            sums[i] = sum;
        }
        var scale = Vector256.Create(lutScale);
        for (var i = 0; i < Bins; i += Vector256<int>.Count)
        {
            var products = Vector256.ConvertToSingle(Vector256.Create((ReadOnlySpan<int>)sums.Slice(i, Vector256<int>.Count))) * scale;
            Vector256.Round(products).CopyTo(lut.Slice(i, Vector256<float>.Count));
        }
    }

    private static unsafe void Interpolate(ReadOnlySpan<byte> src, Span<byte> dst, int h, int w, int tw, int th, int tilesX, int tilesY, float[] luts)
    {
        var ind1 = ArrayPool<int>.Shared.Rent(w);
        var ind2 = ArrayPool<int>.Shared.Rent(w);
        var xa = ArrayPool<float>.Shared.Rent(w);
        var xa1 = ArrayPool<float>.Shared.Rent(w);
        try
        {
            var invTw = 1.0f / tw;
            for (var x = 0; x < w; x++)
            {
                var txf = (x * invTw) - 0.5f;
                var tx1 = (int)MathF.Floor(txf);
                var tx2 = tx1 + 1;
                xa[x] = txf - tx1;
                xa1[x] = 1.0f - xa[x];
                ind1[x] = Math.Max(tx1, 0) * Bins;
                ind2[x] = Math.Min(tx2, tilesX - 1) * Bins;
            }
            var invTh = 1.0f / th;
            fixed (float* lutBase = luts)
            fixed (byte* s = src)
            fixed (byte* d = dst)
            fixed (int* i1 = ind1)
            fixed (int* i2 = ind2)
            fixed (float* a = xa)
            fixed (float* a1 = xa1)
            {
                for (var y = 0; y < h; y++)
                {
                    var tyf = (y * invTh) - 0.5f;
                    var ty1 = (int)MathF.Floor(tyf);
                    var ty2 = ty1 + 1;
                    var ya = tyf - ty1;
                    var ya1 = 1.0f - ya;
                    var plane1 = lutBase + (Math.Max(ty1, 0) * tilesX * Bins);
                    var plane2 = lutBase + (Math.Min(ty2, tilesY - 1) * tilesX * Bins);
                    var srcRow = s + ((long)y * w);
                    var dstRow = d + ((long)y * w);
                    var x = 0;
                    if (Avx2.IsSupported)
                    {
                        var vya = Vector256.Create(ya);
                        var vya1 = Vector256.Create(ya1);
                        for (; x + 8 <= w; x += 8)
                        {
                            var v = Avx2.ConvertToVector256Int32(srcRow + x);
                            var k1 = Avx2.Add(Avx.LoadVector256(i1 + x), v);
                            var k2 = Avx2.Add(Avx.LoadVector256(i2 + x), v);
                            var wa1 = Avx.LoadVector256(a1 + x);
                            var wa = Avx.LoadVector256(a + x);
                            var top = Avx.Add(Avx.Multiply(Avx2.GatherVector256(plane1, k1, 4), wa1), Avx.Multiply(Avx2.GatherVector256(plane1, k2, 4), wa));
                            var bottom = Avx.Add(Avx.Multiply(Avx2.GatherVector256(plane2, k1, 4), wa1), Avx.Multiply(Avx2.GatherVector256(plane2, k2, 4), wa));
                            var res = Avx.Add(Avx.Multiply(top, vya1), Avx.Multiply(bottom, vya));
                            var rounded = Avx.ConvertToVector256Int32(res); // round half to even (the default MXCSR mode)
                            var words = Sse2.PackSignedSaturate(rounded.GetLower(), rounded.GetUpper());
                            var bytes = Sse2.PackUnsignedSaturate(words, words);
                            Unsafe.WriteUnaligned(dstRow + x, bytes.AsUInt64().ToScalar());
                        }
                    }
                    for (; x < w; x++)
                    {
                        int v = srcRow[x];
                        int k1 = i1[x] + v, k2 = i2[x] + v;
                        var res = (((plane1[k1] * a1[x]) + (plane1[k2] * a[x])) * ya1) + (((plane2[k1] * a1[x]) + (plane2[k2] * a[x])) * ya);
                        dstRow[x] = (byte)Math.Clamp((int)MathF.Round(res), 0, 255);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(ind1);
            ArrayPool<int>.Shared.Return(ind2);
            ArrayPool<float>.Shared.Return(xa);
            ArrayPool<float>.Shared.Return(xa1);
        }
    }
}
