using OpenCvSharp;
using Tessera.Augment.Common;
using Tessera.Augment.Pixel;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;

namespace Tessera.Augment.Color;

/// <summary>Domain adaptation kernels: FDA (amplitude-spectrum swap) and histogram matching (scikit-image 0.19 semantics).</summary>
internal static class DomainKernels
{
    private static Image ResizeLike(Image reference, Image like)
        => reference.Height == like.Height && reference.Width == like.Width
            ? reference
            : PixelCv.Produce(reference, s =>
            {
                var d = new Mat();
                Cv.Resize(s, d, new Size(like.Width, like.Height), 0, 0, InterpolationFlags.Linear);
                return d;
            }, reference.Rank == 2);

    public static Image Fda(Image image, Image reference, double beta)
    {
        PixelCv.RequireUInt8OrFloat(image, "FDA");
        var target = ResizeLike(reference, image);
        Guard.That(target.Channels == image.Channels && target.PixelType == image.PixelType, "reference_images", "the reference must have the image's channels and type");
        int h = image.Height, w = image.Width, c = image.Channels;
        var border = (int)Math.Floor(Math.Min(h, w) * beta);
        int cy = h / 2, cx = w / 2;
        var src = Channels(image);
        var trg = Channels(target);
        var dst = Image.CreateLike(image);
        for (var k = 0; k < c; k++)
        {
            using var fs = Spectrum(src[k], h, w);
            using var ft = Spectrum(trg[k], h, w);
            unsafe
            {
                var ps = (double*)fs.Data;
                var pt = (double*)ft.Data;
                for (var y = cy - border; y < cy + border + 1; y++)
                {
                    for (var x = cx - border; x < cx + border + 1; x++)
                    {
                        if (y < 0 || y >= h || x < 0 || x >= w)
                        {
                            continue;
                        }
                        var oy = (((y - cy) % h) + h) % h;
                        var ox = (((x - cx) % w) + w) % w;
                        var i = ((oy * w) + ox) * 2;
                        var re = ps[i];
                        var im = ps[i + 1];
                        var phase = Math.Atan2(im, re);
                        var amp = Math.Sqrt((pt[i] * pt[i]) + (pt[i + 1] * pt[i + 1]));
                        ps[i] = amp * Math.Cos(phase);
                        ps[i + 1] = amp * Math.Sin(phase);
                    }
                }
            }
            using var back = new Mat();
            Cv.Dft(fs, back, DftFlags.Inverse | DftFlags.Scale | DftFlags.ComplexOutput);
            unsafe
            {
                var pb = (double*)back.Data;
                if (image.PixelType == PixelType.UInt8)
                {
                    var d = dst.Bytes;
                    for (var i = 0; i < h * w; i++)
                    {
                        d[(i * c) + k] = PixelCv.ClipTruncate(pb[i * 2]);
                    }
                }
                else
                {
                    var d = dst.Pixels<float>();
                    for (var i = 0; i < h * w; i++)
                    {
                        d[(i * c) + k] = (float)Math.Clamp(pb[i * 2], 0, 1);
                    }
                }
            }
        }
        return dst;
    }

    private static double[][] Channels(Image image)
    {
        var c = image.Channels;
        var n = image.Height * image.Width;
        var result = new double[c][];
        for (var k = 0; k < c; k++)
        {
            result[k] = new double[n];
        }
        if (image.PixelType == PixelType.UInt8)
        {
            var b = image.Bytes;
            for (var i = 0; i < n; i++)
            {
                for (var k = 0; k < c; k++)
                {
                    result[k][i] = b[(i * c) + k];
                }
            }
        }
        else
        {
            var f = image.Pixels<float>();
            for (var i = 0; i < n; i++)
            {
                for (var k = 0; k < c; k++)
                {
                    result[k][i] = f[(i * c) + k];
                }
            }
        }
        return result;
    }

    private static Mat Spectrum(double[] channel, int h, int w)
    {
        using var m = new ArrayMat(channel, h, w, MatType.CV_64FC1);
        var f = new Mat();
        Cv.Dft(m, f, DftFlags.ComplexOutput);
        return f;
    }

    public static Image MatchHistograms(Image image, Image reference, double blendRatio)
    {
        PixelCv.RequireUInt8(image, "HistogramMatching");
        PixelCv.RequireUInt8(reference, "HistogramMatching reference");
        var target = ResizeLike(reference, image);
        var c = image.Channels;
        Guard.That(target.Channels == c, "reference_images", $"the reference must have {c} channels");
        var n = image.Height * image.Width;
        var matched = new double[image.ElementCount];
        var src = image.Bytes;
        var tb = target.Bytes;
        var gray = c == 1;
        for (var k = 0; k < c; k++)
        {
            var sc = new long[256];
            var tc = new long[256];
            for (var i = 0; i < n; i++)
            {
                sc[src[(i * c) + k]]++;
                tc[tb[(i * c) + k]]++;
            }
            var srcMax = 255;
            while (srcMax > 0 && sc[srcMax] == 0)
            {
                srcMax--;
            }
            var tValues = Enumerable.Range(0, 256).Where(v => tc[v] > 0).ToArray();
            var tq = new double[tValues.Length];
            long acc = 0;
            for (var j = 0; j < tValues.Length; j++)
            {
                acc += tc[tValues[j]];
                tq[j] = acc / (double)n;
            }
            var lut = new double[256];
            acc = 0;
            for (var v = 0; v <= srcMax; v++)
            {
                acc += sc[v];
                lut[v] = Interp(acc / (double)n, tq, tValues);
            }
            for (var i = 0; i < n; i++)
            {
                var value = lut[src[(i * c) + k]];
                // RGB: skimage writes into a uint8 array (truncation); gray: the float result is blended directly
                matched[(i * c) + k] = gray ? value : Math.Floor(value);
            }
        }
        var dst = Image.CreateLike(image);
        var d = dst.Bytes;
        var a = (float)blendRatio;
        var b = (float)(1 - blendRatio);
        for (var i = 0; i < d.Length; i++)
        {
            d[i] = PixelCv.Saturate((matched[i] * a) + (src[i] * b));
        }
        return dst;
    }

    /// <summary>numpy <c>interp(x, xp, fp)</c> (xp increasing; clamped outside).</summary>
    private static double Interp(double x, double[] xp, int[] fp)
    {
        if (x <= xp[0])
        {
            return fp[0];
        }
        if (x >= xp[^1])
        {
            return fp[^1];
        }
        var lo = 0;
        var hi = xp.Length - 1;
        while (hi - lo > 1)
        {
            var mid = (lo + hi) / 2;
            if (xp[mid] <= x)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }
        var slope = (fp[hi] - fp[lo]) / (xp[hi] - xp[lo]);
        return (slope * (x - xp[lo])) + fp[lo];
    }
}
