using OpenCvSharp;
using Tessera.Augment.Common;
using Tessera.Augment.Pixel;
using Tessera.Core.Arrays;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Noise;

/// <summary>Noise and codec kernels (albumentations 1.3.1 arithmetic: float sums, clip, truncation to uint8).</summary>
internal static class NoiseKernels
{
    /// <summary>How an H×W×k field broadcasts over an image: elements per pixel in the field (1 or C).</summary>
    private static int FieldStride(Image image, NdArray field, string name)
    {
        var shape = field.Shape;
        Guard.That(shape.Count >= 2 && shape[0] == image.Height && shape[1] == image.Width, name, $"must have the image's height and width (got [{string.Join(", ", shape)}])");
        var k = shape.Count == 2 ? 1 : shape[2];
        Guard.That(k == 1 || k == image.Channels, name, $"must have 1 or {image.Channels} channels (got {k})");
        return k;
    }

    public static Image AddField(Image image, NdArray gauss)
    {
        PixelCv.RequireUInt8OrFloat(image, "GaussNoise");
        var k = FieldStride(image, gauss, "gauss");
        var g = gauss.ToDoubleArray();
        var c = image.Channels;
        var dst = Image.CreateLike(image);
        if (image.PixelType == PixelType.UInt8)
        {
            var s = image.Bytes;
            var d = dst.Bytes;
            for (var i = 0; i < s.Length; i++)
            {
                d[i] = PixelCv.ClipTruncate(s[i] + g[k == 1 ? i / c : i]);
            }
        }
        else
        {
            var s = image.Pixels<float>();
            var d = dst.Pixels<float>();
            for (var i = 0; i < s.Length; i++)
            {
                d[i] = (float)Math.Clamp(s[i] + g[k == 1 ? i / c : i], 0, 1);
            }
        }
        return dst;
    }

    public static Image Multiply(Image image, NdArray multiplier)
    {
        PixelCv.RequireUInt8OrFloat(image, "MultiplicativeNoise");
        var m = multiplier.ToDoubleArray();
        var c = image.Channels;
        if (multiplier.Rank == 1)
        {
            Guard.That(m.Length == 1 || m.Length == c, nameof(multiplier), $"must hold 1 or {c} values");
            if (image.PixelType == PixelType.UInt8)
            {
                if (m.Length == 1 || PixelCv.IsGray(image))
                {
                    var f = (float)m[0];
                    var lut = new byte[256];
                    for (var i = 0; i < 256; i++)
                    {
                        lut[i] = PixelCv.ClipTruncate(i * f);
                    }
                    return PixelCv.Lut(image, lut);
                }
                var luts = new byte[c][];
                for (var ch = 0; ch < c; ch++)
                {
                    luts[ch] = new byte[256];
                    for (var i = 0; i < 256; i++)
                    {
                        luts[ch][i] = PixelCv.ClipTruncate((float)(i * m[ch]));
                    }
                }
                return PixelCv.LutPerChannel(image, luts);
            }
            var dstF = Image.CreateLike(image);
            var sf = image.Pixels<float>();
            var df = dstF.Pixels<float>();
            for (var i = 0; i < sf.Length; i++)
            {
                df[i] = (float)Math.Clamp(sf[i] * m[m.Length == 1 ? 0 : i % c], 0, 1);
            }
            return dstF;
        }
        var k = FieldStride(image, multiplier, "multiplier");
        var dst = Image.CreateLike(image);
        if (image.PixelType == PixelType.UInt8)
        {
            var s = image.Bytes;
            var d = dst.Bytes;
            for (var i = 0; i < s.Length; i++)
            {
                d[i] = PixelCv.ClipTruncate(s[i] * m[k == 1 ? i / c : i]);
            }
        }
        else
        {
            var s = image.Pixels<float>();
            var d = dst.Pixels<float>();
            for (var i = 0; i < s.Length; i++)
            {
                d[i] = (float)Math.Clamp(s[i] * m[k == 1 ? i / c : i], 0, 1);
            }
        }
        return dst;
    }

    /// <summary>
    /// ISO noise as albumentations 1.3.1 computes it, with Tessera's seeded generator in place of numpy's
    /// <c>RandomState(random_state)</c> (the fields are random; their distribution is the same).
    /// </summary>
    public static Image IsoNoise(Image image, double colorShift, double intensity, int randomState)
    {
        PixelCv.RequireUInt8(image, "ISONoise");
        PixelCv.RequireRgb(image, "ISONoise");
        var rng = new SeededRandom((ulong)randomState);
        var f = PixelCv.ToFloat(image, 255);
        using var hls = new Mat();
        PixelCv.Into(f, f, (s, _) => Cv.CvtColor(s, hls, ColorConversionCodes.RGB2HLS));
        Cv.MeanStdDev(hls, out _, out var std);
        var lambda = std.Val1 * intensity * 255;
        var hueSigma = colorShift * 360 * intensity;
        unsafe
        {
            var p = (float*)hls.Data;
            var n = hls.Rows * hls.Cols;
            for (var i = 0; i < n; i++)
            {
                var lum = Poisson(rng, lambda);
                var hue = p[i * 3] + (float)(hueSigma * rng.NextGaussian());
                if (hue < 0)
                {
                    hue += 360;
                }
                if (hue > 360)
                {
                    hue -= 360;
                }
                p[i * 3] = hue;
                var l = p[(i * 3) + 1];
                p[(i * 3) + 1] = l + (float)(lum / 255.0 * (1.0 - l));
            }
        }
        var dst = Image.CreateLike(image);
        PixelCv.Into(image, dst, (_, d) =>
        {
            using var rgb = new Mat();
            Cv.CvtColor(hls, rgb, ColorConversionCodes.HLS2RGB);
            using var scaled = new Mat();
            rgb.ConvertTo(scaled, MatType.CV_32FC3, 255);
            unsafe
            {
                var sp = (float*)scaled.Data;
                var dp = (byte*)d.Data;
                var total = scaled.Rows * scaled.Cols * 3;
                for (var i = 0; i < total; i++)
                {
                    dp[i] = PixelCv.ClipTruncate(sp[i]);
                }
            }
        });
        return dst;
    }

    /// <summary>A Poisson sample: Knuth's product method for small means, a rounded normal for large ones.</summary>
    private static long Poisson(SeededRandom rng, double lambda)
    {
        if (lambda <= 0)
        {
            return 0;
        }
        if (lambda < 30)
        {
            var limit = Math.Exp(-lambda);
            long k = 0;
            var prod = rng.NextDouble();
            while (prod > limit)
            {
                k++;
                prod *= rng.NextDouble();
            }
            return k;
        }
        return Math.Max(0, (long)Math.Round(lambda + (Math.Sqrt(lambda) * rng.NextGaussian())));
    }

    public static Image Compress(Image image, int quality, string imageType)
    {
        Guard.That(imageType is ".jpg" or ".jpeg" or ".webp", "image_type", $"must be .jpg or .webp (got {imageType})");
        Guard.That(image.Channels is 1 or 3 or 4, nameof(image), "must have 1, 3 or 4 channels");
        PixelCv.RequireUInt8OrFloat(image, "ImageCompression");
        var u8 = image.PixelType == PixelType.Float32 ? PixelCv.FloatToUInt8(image) : image;
        var flag = imageType == ".webp" ? ImwriteFlags.WebPQuality : ImwriteFlags.JpegQuality;
        // albumentations hands the RGB array to cv2.imencode unchanged (the codec sees it as BGR): so do we.
        var decoded = PixelCv.Produce(u8, s =>
        {
            Cv.ImEncode(imageType, s, out var bytes, [(int)flag, quality]);
            return Cv2.ImDecode(bytes, ImreadModes.Unchanged);
        }, image.Rank == 2);
        if (decoded.Rank != image.Rank || decoded.Channels != image.Channels)
        {
            decoded = Image.FromPixels<byte>(decoded.Bytes, image.Height, image.Width, image.Channels, image.Rank == 2);
        }
        return image.PixelType == PixelType.Float32 ? PixelCv.ToFloat(decoded, 255) : decoded;
    }
}
