using OpenCvSharp;
using Tessera.Augment.Common;
using Tessera.Augment.Pixel;
using Tessera.Core.Arrays;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Filters;

/// <summary>Kernels of the blur / sharpen family (albumentations 1.3.1 arithmetic).</summary>
internal static class FilterKernels
{
    /// <summary>A uniformly chosen value of low, low + 2, … ≤ high.</summary>
    public static int OddChoice((int Low, int High) range, IRandom random)
    {
        var n = ((range.High - range.Low) / 2) + 1;
        return range.Low + (2 * random.NextInt(0, Math.Max(1, n)));
    }

    /// <summary><c>(1 − alpha)·identity + alpha·effect</c> in float32, as numpy computes it.</summary>
    public static double[][] Blend3(float alpha, float[][] effect)
    {
        var m = new double[3][];
        for (var r = 0; r < 3; r++)
        {
            m[r] = new double[3];
            for (var c = 0; c < 3; c++)
            {
                var id = r == 1 && c == 1 ? 1f : 0f;
                m[r][c] = ((1 - alpha) * id) + (alpha * effect[r][c]);
            }
        }
        return m;
    }

    public static double[][] MotionKernel(int ksize, bool allowShifted, IRandom random)
    {
        Guard.That(ksize > 2, "blur_limit", "kernel size must exceed 2");
        var x1 = random.NextInt(0, ksize);
        var x2 = random.NextInt(0, ksize);
        int y1, y2;
        if (x1 == x2)
        {
            y1 = random.NextInt(0, ksize);
            y2 = random.NextInt(0, ksize - 1);
            if (y2 >= y1)
            {
                y2++;
            }
        }
        else
        {
            y1 = random.NextInt(0, ksize);
            y2 = random.NextInt(0, ksize);
        }
        if (!allowShifted)
        {
            (x1, x2) = MakeOdd(x1, x2);
            (y1, y2) = MakeOdd(y1, y2);
            var xc = (x1 + x2) / 2.0;
            var yc = (y1 + y2) / 2.0;
            var center = (ksize / 2.0) - 0.5;
            var dx = xc - center;
            var dy = yc - center;
            x1 = (int)(x1 - dx);
            x2 = (int)(x2 - dx);
            y1 = (int)(y1 - dy);
            y2 = (int)(y2 - dy);
        }
        using var k = new Mat(ksize, ksize, MatType.CV_8UC1, Scalar.All(0));
        Cv2.Line(k, new Point(x1, y1), new Point(x2, y2), Scalar.All(1), 1);
        var sum = Cv.Sum(k).Val0;
        var kernel = new double[ksize][];
        for (var r = 0; r < ksize; r++)
        {
            kernel[r] = new double[ksize];
            for (var c = 0; c < ksize; c++)
            {
                kernel[r][c] = (float)(k.At<byte>(r, c) / (float)sum);
            }
        }
        return kernel;
    }

    private static (int, int) MakeOdd(int v1, int v2)
    {
        var len = Math.Abs(v1 - v2) + 1;
        if (len % 2 != 1)
        {
            if (v2 > v1)
            {
                v2--;
            }
            else
            {
                v1--;
            }
        }
        return (v1, v2);
    }

    public static Image UnsharpMask(Image image, int ksize, double sigma, double alpha, int threshold)
    {
        PixelCv.RequireUInt8OrFloat(image, "UnsharpMask");
        var f = image.PixelType == PixelType.UInt8 ? PixelCv.ToFloat(image, 255) : image;
        var size = new Size(ksize, ksize);
        var blur = PixelCv.Map(f, (s, d) => Cv.GaussianBlur(s, d, size, sigma));
        var img = f.Pixels<float>();
        var bl = blur.Pixels<float>();
        var mask = Image.CreateLike(f);
        var sharp = new float[img.Length];
        var m = mask.Pixels<float>();
        var a = (float)alpha;
        for (var i = 0; i < img.Length; i++)
        {
            var residual = img[i] - bl[i];
            m[i] = MathF.Abs(residual) * 255 > threshold ? 1f : 0f;
            sharp[i] = PixelCv.Clip01(img[i] + (a * residual));
        }
        var soft = PixelCv.Map(mask, (s, d) => Cv.GaussianBlur(s, d, size, sigma));
        var sm = soft.Pixels<float>();
        var dst = Image.CreateLike(image);
        if (image.PixelType == PixelType.UInt8)
        {
            var d = dst.Bytes;
            for (var i = 0; i < img.Length; i++)
            {
                d[i] = PixelCv.ClipTruncate(((sm[i] * sharp[i]) + ((1 - sm[i]) * img[i])) * 255f);
            }
        }
        else
        {
            var d = dst.Pixels<float>();
            for (var i = 0; i < img.Length; i++)
            {
                d[i] = PixelCv.Clip01((sm[i] * sharp[i]) + ((1 - sm[i]) * img[i]));
            }
        }
        return dst;
    }

    public static Image Downscale(Image image, double scale, Interpolation down, Interpolation up)
    {
        PixelCv.RequireUInt8OrFloat(image, "Downscale");
        var cast = (up != Interpolation.Nearest || down != Interpolation.Nearest) && image.PixelType == PixelType.UInt8;
        var src = cast ? PixelCv.ToFloat(image, 255) : image;
        var result = PixelCv.Produce(src, s =>
        {
            using var small = new Mat();
            Cv.Resize(s, small, new Size(0, 0), scale, scale, (InterpolationFlags)down);
            var big = new Mat();
            Cv.Resize(small, big, new Size(image.Width, image.Height), 0, 0, (InterpolationFlags)up);
            return big;
        }, image.Rank == 2);
        if (!cast)
        {
            return result;
        }
        var f = result.Pixels<float>();
        var dst = Image.CreateLike(image);
        var d = dst.Bytes;
        for (var i = 0; i < f.Length; i++)
        {
            d[i] = (byte)(PixelCv.Clip01(f[i]) * 255f);
        }
        return dst;
    }

    public static double[][] DefocusKernel(int radius, double aliasBlur)
    {
        Guard.That(radius > 0, nameof(radius), "must be positive");
        var half = Math.Max(8, radius);
        var n = (2 * half) + 1;
        var disk = new float[n * n];
        var count = 0f;
        for (var y = 0; y < n; y++)
        {
            for (var x = 0; x < n; x++)
            {
                var dy = y - half;
                var dx = x - half;
                if ((dx * dx) + (dy * dy) <= radius * radius)
                {
                    disk[(y * n) + x] = 1;
                    count++;
                }
            }
        }
        for (var i = 0; i < disk.Length; i++)
        {
            disk[i] /= count;
        }
        var k = radius <= 8 ? 3 : 5;
        using var src = new ArrayMat(disk, n, n, MatType.CV_32FC1);
        using var dst = new Mat();
        Cv.GaussianBlur(src, dst, new Size(k, k), aliasBlur);
        var kernel = new double[n][];
        for (var y = 0; y < n; y++)
        {
            kernel[y] = new double[n];
            for (var x = 0; x < n; x++)
            {
                kernel[y][x] = dst.At<float>(y, x);
            }
        }
        return kernel;
    }

    public static Image ZoomBlur(Image image, double[] zoomFactors)
    {
        PixelCv.RequireUInt8OrFloat(image, "ZoomBlur");
        int h = image.Height, w = image.Width;
        var acc = new float[image.ElementCount];
        foreach (var z in zoomFactors)
        {
            Guard.That(z >= 1, "zoom_factors", $"must be at least 1 (got {z})");
            var hc = (int)Math.Ceiling(h / z);
            var wc = (int)Math.Ceiling(w / z);
            var top = (h - hc) / 2;
            var left = (w - wc) / 2;
            var nh = (int)(hc * z);
            var nw = (int)(wc * z);
            Guard.That(nh >= h && nw >= w, "zoom_factors", $"zoom {z} does not cover the image");
            var zoomed = PixelCv.Produce(image, s =>
            {
                using var crop = new Mat(s, new Rect(left, top, wc, hc));
                var r = new Mat();
                Cv.Resize(crop, r, new Size(nw, nh), 0, 0, InterpolationFlags.Linear);
                return r;
            }, image.Rank == 2);
            var tt = (nh - h) / 2;
            var tl = (nw - w) / 2;
            var c = image.Channels;
            if (image.PixelType == PixelType.UInt8)
            {
                var zb = zoomed.Bytes;
                for (var y = 0; y < h; y++)
                {
                    var srow = (((y + tt) * nw) + tl) * c;
                    var drow = y * w * c;
                    for (var i = 0; i < w * c; i++)
                    {
                        acc[drow + i] += zb[srow + i];
                    }
                }
            }
            else
            {
                var zf = zoomed.Pixels<float>();
                for (var y = 0; y < h; y++)
                {
                    var srow = (((y + tt) * nw) + tl) * c;
                    var drow = y * w * c;
                    for (var i = 0; i < w * c; i++)
                    {
                        acc[drow + i] += zf[srow + i];
                    }
                }
            }
        }
        var dst = Image.CreateLike(image);
        var div = (float)(zoomFactors.Length + 1);
        if (image.PixelType == PixelType.UInt8)
        {
            var s = image.Bytes;
            var d = dst.Bytes;
            for (var i = 0; i < d.Length; i++)
            {
                d[i] = PixelCv.ClipTruncate((s[i] + acc[i]) / div);
            }
        }
        else
        {
            var s = image.Pixels<float>();
            var d = dst.Pixels<float>();
            for (var i = 0; i < d.Length; i++)
            {
                d[i] = PixelCv.Clip01((s[i] + acc[i]) / div);
            }
        }
        return dst;
    }

    public static Image GlassBlur(Image image, double sigma, int maxDelta, int iterations, NdArray dxy, bool exact)
    {
        int h = image.Height, w = image.Width;
        var hs = Enumerable.Range(0, Math.Max(0, h - (2 * maxDelta))).Select(i => h - maxDelta - i).ToArray();
        var ws = Enumerable.Range(0, Math.Max(0, w - (2 * maxDelta))).Select(i => w - maxDelta - i).ToArray();
        var total = hs.Length * ws.Length;
        Guard.That(dxy.Rank == 3 && dxy.Shape[2] == 2 && dxy.Shape[1] >= iterations, nameof(dxy), $"must have shape [n, {iterations}, 2]");
        Guard.That(exact || dxy.Shape[0] == total, nameof(dxy), $"must hold {total} rows for this image size (got {dxy.Shape[0]})");
        var offsets = dxy.ToInt64Array();
        var its = dxy.Shape[1];
        var x = PixelCv.Map(image, (s, d) => Cv.GaussianBlur(s, d, new Size(0, 0), sigma));
        var px = image.Channels * image.ElementSize;
        var bytes = x.Bytes;
        var gathered = new byte[total * px * 2];
        for (var it = 0; it < iterations; it++)
        {
            if (exact)
            {
                var ind = 0;
                foreach (var hh in hs)
                {
                    foreach (var ww in ws)
                    {
                        var row = ind < dxy.Shape[0] ? ind : ind % dxy.Shape[0];
                        var dy = (int)offsets[(((row * its) + it) * 2) + 0];
                        var dx = (int)offsets[(((row * its) + it) * 2) + 1];
                        Swap(bytes, px, Index(hh, ww, w, h), Index(hh + dy, ww + dx, w, h));
                        ind++;
                    }
                }
                continue;
            }
            // numpy: x[h, w], x[h + dy, w + dx] = x[h + dy, w + dx], x[h, w] — both sides gathered first
            for (var j = 0; j < total; j++)
            {
                var hh = hs[j % hs.Length];
                var ww = ws[j / hs.Length];
                var dy = (int)offsets[(((j * its) + it) * 2) + 0];
                var dx = (int)offsets[(((j * its) + it) * 2) + 1];
                bytes.Slice(Index(hh + dy, ww + dx, w, h) * px, px).CopyTo(gathered.AsSpan(j * 2 * px, px));
                bytes.Slice(Index(hh, ww, w, h) * px, px).CopyTo(gathered.AsSpan(((j * 2) + 1) * px, px));
            }
            for (var j = 0; j < total; j++)
            {
                var hh = hs[j % hs.Length];
                var ww = ws[j / hs.Length];
                gathered.AsSpan(j * 2 * px, px).CopyTo(bytes.Slice(Index(hh, ww, w, h) * px, px));
            }
            for (var j = 0; j < total; j++)
            {
                var hh = hs[j % hs.Length];
                var ww = ws[j / hs.Length];
                var dy = (int)offsets[(((j * its) + it) * 2) + 0];
                var dx = (int)offsets[(((j * its) + it) * 2) + 1];
                gathered.AsSpan(((j * 2) + 1) * px, px).CopyTo(bytes.Slice(Index(hh + dy, ww + dx, w, h) * px, px));
            }
        }
        return PixelCv.Map(x, (s, d) => Cv.GaussianBlur(s, d, new Size(0, 0), sigma));
    }

    /// <summary>Flat pixel index with numpy's negative-index wrap (an offset past the last row/column would raise).</summary>
    private static int Index(int y, int x, int width, int height)
    {
        Guard.That(y >= -height && y < height && x >= -width && x < width, "dxy", "an offset leaves the image");
        return (((y + height) % height) * width) + ((x + width) % width);
    }

    private static void Swap(Span<byte> bytes, int px, int a, int b)
    {
        Span<byte> tmp = stackalloc byte[16];
        bytes.Slice(a * px, px).CopyTo(tmp);
        bytes.Slice(b * px, px).CopyTo(bytes.Slice(a * px, px));
        tmp[..px].CopyTo(bytes.Slice(b * px, px));
    }
}
