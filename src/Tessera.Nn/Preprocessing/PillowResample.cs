namespace Tessera.Nn.Preprocessing;

/// <summary>
/// Pillow's 8-bit bicubic resampling (<c>Image.resize(size, BICUBIC)</c>, Pillow 9.x <c>Resample.c</c>), reproduced
/// bit for bit: separable, horizontal pass then vertical pass; the cubic kernel (a = −0.5, support 2) is stretched
/// by the scale factor when shrinking; per output pixel the taps lie in
/// <c>[int(center − support + 0.5), int(center + support + 0.5))</c> clipped to the image, with
/// <c>center = (i + 0.5) · in / out</c>; weights are normalised, quantised to 22-bit fixed point and accumulated in
/// integers from 2²¹, then shifted and clamped to uint8 after each pass.
/// </summary>
internal static class PillowResample
{
    private const int PrecisionBits = 32 - 8 - 2;

    /// <summary>Resizes an interleaved uint8 image (<paramref name="channels"/> per pixel) to <paramref name="outH"/> × <paramref name="outW"/>.</summary>
    public static byte[] Bicubic(ReadOnlySpan<byte> src, int h, int w, int channels, int outH, int outW)
    {
        var current = src.ToArray();
        var curW = w;
        if (outW != w)
        {
            current = Horizontal(current, h, w, channels, outW);
            curW = outW;
        }
        if (outH != h)
        {
            current = Vertical(current, h, curW, channels, outH);
        }
        return current;
    }

    private static double Cubic(double x)
    {
        const double a = -0.5;
        if (x < 0.0) { x = -x; }
        if (x < 1.0) { return ((((a + 2.0) * x) - (a + 3.0)) * x * x) + 1; }
        if (x < 2.0) { return (((((x - 5) * x) + 8) * x) - 4) * a; }
        return 0.0;
    }

    /// <summary>Pillow's <c>precompute_coeffs</c> + <c>normalize_coeffs_8bpc</c>.</summary>
    private static (int[] Bounds, int[] Coeffs, int KSize) Coefficients(int inSize, int outSize)
    {
        const double filterSupport = 2.0;
        double scale = (double)inSize / outSize;
        var filterScale = scale < 1.0 ? 1.0 : scale;
        var support = filterSupport * filterScale;
        var ksize = ((int)Math.Ceiling(support) * 2) + 1;
        var bounds = new int[outSize * 2];
        var coeffs = new int[outSize * ksize];
        var k = new double[ksize];
        for (var xx = 0; xx < outSize; xx++)
        {
            var center = (xx + 0.5) * scale;
            var ww = 0.0;
            var ss = 1.0 / filterScale;
            var xmin = (int)(center - support + 0.5);
            if (xmin < 0) { xmin = 0; }
            var xmax = (int)(center + support + 0.5);
            if (xmax > inSize) { xmax = inSize; }
            xmax -= xmin;
            Array.Clear(k);
            for (var x = 0; x < xmax; x++)
            {
                var wgt = Cubic((x + xmin - center + 0.5) * ss);
                k[x] = wgt;
                ww += wgt;
            }
            for (var x = 0; x < xmax; x++)
            {
                if (ww != 0.0) { k[x] /= ww; }
            }
            for (var x = 0; x < ksize; x++)
            {
                coeffs[(xx * ksize) + x] = k[x] < 0
                    ? (int)(-0.5 + (k[x] * (1 << PrecisionBits)))
                    : (int)(0.5 + (k[x] * (1 << PrecisionBits)));
            }
            bounds[xx * 2] = xmin;
            bounds[(xx * 2) + 1] = xmax;
        }
        return (bounds, coeffs, ksize);
    }

    private static byte Clip8(int v)
    {
        var shifted = v >> PrecisionBits;
        return shifted < 0 ? (byte)0 : shifted > 255 ? (byte)255 : (byte)shifted;
    }

    private static byte[] Horizontal(byte[] src, int h, int w, int ch, int outW)
    {
        var (bounds, coeffs, ksize) = Coefficients(w, outW);
        var dst = new byte[h * outW * ch];
        for (var y = 0; y < h; y++)
        {
            var row = y * w * ch;
            for (var xx = 0; xx < outW; xx++)
            {
                var xmin = bounds[xx * 2];
                var xmax = bounds[(xx * 2) + 1];
                var kOff = xx * ksize;
                for (var c = 0; c < ch; c++)
                {
                    var ss = 1 << (PrecisionBits - 1);
                    for (var x = 0; x < xmax; x++)
                    {
                        ss += src[row + ((x + xmin) * ch) + c] * coeffs[kOff + x];
                    }
                    dst[(((y * outW) + xx) * ch) + c] = Clip8(ss);
                }
            }
        }
        return dst;
    }

    private static byte[] Vertical(byte[] src, int h, int w, int ch, int outH)
    {
        var (bounds, coeffs, ksize) = Coefficients(h, outH);
        var dst = new byte[outH * w * ch];
        var stride = w * ch;
        for (var yy = 0; yy < outH; yy++)
        {
            var ymin = bounds[yy * 2];
            var ymax = bounds[(yy * 2) + 1];
            var kOff = yy * ksize;
            for (var i = 0; i < stride; i++)
            {
                var ss = 1 << (PrecisionBits - 1);
                for (var y = 0; y < ymax; y++)
                {
                    ss += src[((y + ymin) * stride) + i] * coeffs[kOff + y];
                }
                dst[(yy * stride) + i] = Clip8(ss);
            }
        }
        return dst;
    }
}
