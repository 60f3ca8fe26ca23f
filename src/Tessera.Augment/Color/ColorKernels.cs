using OpenCvSharp;
using Tessera.Augment.Common;
using Tessera.Augment.Pixel;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;

namespace Tessera.Augment.Color;

/// <summary>Colour kernels with albumentations 1.3.1 arithmetic (float32 LUTs, truncation where numpy truncates).</summary>
internal static class ColorKernels
{
    public static double Mean(Image image)
    {
        switch (image.PixelType)
        {
            case PixelType.UInt8:
                long sum = 0;
                foreach (var b in image.Bytes)
                {
                    sum += b;
                }
                return sum / (double)image.ElementCount;
            case PixelType.Float32:
                double fs = 0;
                foreach (var f in image.Pixels<float>())
                {
                    fs += f;
                }
                return fs / image.ElementCount;
            default:
                double us = 0;
                foreach (var u in image.Pixels<ushort>())
                {
                    us += u;
                }
                return us / image.ElementCount;
        }
    }

    public static Image BrightnessContrast(Image image, double alpha, double beta, bool byMax)
    {
        PixelCv.RequireUInt8OrFloat(image, "RandomBrightnessContrast");
        if (image.PixelType == PixelType.UInt8)
        {
            var lut = new float[256];
            for (var i = 0; i < 256; i++)
            {
                lut[i] = i;
            }
            if (alpha != 1)
            {
                var a = (float)alpha;
                for (var i = 0; i < 256; i++)
                {
                    lut[i] *= a;
                }
            }
            if (beta != 0)
            {
                var add = (float)(byMax ? beta * 255 : alpha * beta * Mean(image));
                for (var i = 0; i < 256; i++)
                {
                    lut[i] += add;
                }
            }
            var table = new byte[256];
            for (var i = 0; i < 256; i++)
            {
                table[i] = PixelCv.ClipTruncate(lut[i]);
            }
            return PixelCv.Lut(image, table);
        }
        var dst = Image.CreateLike(image);
        var s = image.Pixels<float>();
        var d = dst.Pixels<float>();
        var af = (float)alpha;
        for (var i = 0; i < s.Length; i++)
        {
            d[i] = alpha != 1 ? s[i] * af : s[i];
        }
        if (beta != 0)
        {
            float add;
            if (byMax)
            {
                add = (float)beta;
            }
            else
            {
                double m = 0;
                foreach (var v in d)
                {
                    m += v;
                }
                add = (float)(beta * (float)(m / d.Length));
            }
            for (var i = 0; i < d.Length; i++)
            {
                d[i] += add;
            }
        }
        for (var i = 0; i < d.Length; i++)
        {
            d[i] = PixelCv.Clip01(d[i]);
        }
        return dst;
    }

    public static Image Gamma(Image image, double gamma)
    {
        PixelCv.RequireUInt8OrFloat(image, "RandomGamma");
        if (image.PixelType == PixelType.UInt8)
        {
            var table = new byte[256];
            var step = 1.0 / 255;
            for (var i = 0; i < 256; i++)
            {
                table[i] = PixelCv.ClipTruncate(Math.Pow(i * step, gamma) * 255);
            }
            return PixelCv.Lut(image, table);
        }
        var dst = Image.CreateLike(image);
        var s = image.Pixels<float>();
        var d = dst.Pixels<float>();
        var g = (float)gamma;
        for (var i = 0; i < s.Length; i++)
        {
            d[i] = MathF.Pow(s[i], g);
        }
        return dst;
    }

    /// <summary>RGB → HSV (uint8, H in 0..179), per-channel LUTs, HSV → RGB; gray images go through RGB.</summary>
    public static Image ShiftHsv(Image image, double hueShift, double satShift, double valShift)
    {
        PixelCv.RequireUInt8OrFloat(image, "HueSaturationValue");
        if (hueShift == 0 && satShift == 0 && valShift == 0)
        {
            return image.Clone();
        }
        var gray = PixelCv.IsGray(image);
        Guard.That(gray || PixelCv.IsRgb(image), nameof(image), "HueSaturationValue needs a gray or RGB image");
        if (gray)
        {
            hueShift = 0;
            satShift = 0;
        }
        if (!gray)
        {
            // the HSV image is made in the output buffer and turned back into RGB there (OpenCV converts each block of
            // pixels through its own buffer, so in place is exact): no temporary image of OpenCV's own per call
            return PixelCv.Map(image, (s, d) =>
            {
                Cv.CvtColor(s, d, ColorConversionCodes.RGB2HSV);
                ShiftHsvChannels(d, image.PixelType, hueShift, satShift, valShift);
                Cv.CvtColor(d, d, ColorConversionCodes.HSV2RGB);
            });
        }
        using var rgb = new Mat();
        using var src = MatOf(image);
        Cv.CvtColor(src, rgb, ColorConversionCodes.GRAY2RGB);
        using var hsv = new Mat();
        Cv.CvtColor(rgb, hsv, ColorConversionCodes.RGB2HSV);
        ShiftHsvChannels(hsv, image.PixelType, hueShift, satShift, valShift);
        Cv.CvtColor(hsv, rgb, ColorConversionCodes.HSV2RGB);
        if (gray)
        {
            using var g = new Mat();
            Cv.CvtColor(rgb, g, ColorConversionCodes.RGB2GRAY);
            return FromMatLike(g, image);
        }
        return FromMatLike(rgb, image);
    }

    /// <summary>Adds the shifts to an HSV Mat in place (uint8: per-channel tables, hue modulo 180; float: hue modulo 360).</summary>
    private static void ShiftHsvChannels(Mat hsv, PixelType type, double hueShift, double satShift, double valShift)
    {
        if (type == PixelType.UInt8)
        {
            var table = new byte[256 * 3];
            for (var i = 0; i < 256; i++)
            {
                table[i * 3] = hueShift != 0 ? (byte)PyMod(i + hueShift, 180) : (byte)i;
                table[(i * 3) + 1] = satShift != 0 ? PixelCv.ClipTruncate(i + satShift) : (byte)i;
                table[(i * 3) + 2] = valShift != 0 ? PixelCv.ClipTruncate(i + valShift) : (byte)i;
            }
            PixelCv.LutInPlace(hsv, table);
        }
        else
        {
            var h = (float)hueShift;
            var sa = (float)satShift;
            var va = (float)valShift;
            unsafe
            {
                var p = (float*)hsv.Data;
                var n = hsv.Rows * hsv.Cols;
                for (var i = 0; i < n; i++)
                {
                    if (hueShift != 0)
                    {
                        p[i * 3] = PyModF(p[i * 3] + h, 360f);
                    }
                    if (satShift != 0)
                    {
                        p[(i * 3) + 1] = PixelCv.Clip01(p[(i * 3) + 1] + sa);
                    }
                    if (valShift != 0)
                    {
                        p[(i * 3) + 2] = PixelCv.Clip01(p[(i * 3) + 2] + va);
                    }
                }
            }
        }
    }

    public static double PyMod(double a, double m)
    {
        var r = a % m;
        return r < 0 ? r + m : r;
    }

    public static float PyModF(float a, float m)
    {
        var r = a % m;
        return r < 0 ? r + m : r;
    }

    /// <summary>A Mat copy of an image (owned by the caller).</summary>
    public static Mat MatOf(Image image) => Tessera.Imaging.MatConversion.ToMat(image);

    /// <summary>An image from a Mat, with the template's rank (a 2-D image stays 2-D, H×W×1 stays 3-D).</summary>
    public static Image FromMatLike(Mat mat, Image like) => Tessera.Imaging.MatConversion.FromMat(mat, keep2D: like.Rank == 2);

    public static Image ToGray(Image image)
    {
        if (image.PixelType == PixelType.UInt8 && image.Channels == 3 && GrayRgb8.IsAccelerated)
        {
            var dst = Image.CreateUninitializedLike(image);
            GrayRgb8.Apply(image.Bytes, dst.Bytes);
            return dst;
        }
        return PixelCv.Map(image, (s, d) =>
        {
            using var g = new Mat();
            Cv.CvtColor(s, g, ColorConversionCodes.RGB2GRAY);
            Cv.CvtColor(g, d, ColorConversionCodes.GRAY2RGB);
        });
    }

    private static readonly double[] SepiaMatrix = [0.393, 0.769, 0.189, 0.349, 0.686, 0.168, 0.272, 0.534, 0.131];

    public static Image Sepia(Image image)
    {
        using var m = new ArrayMat(SepiaMatrix, 3, 3, MatType.CV_64FC1);
        var dst = PixelCv.Map(image, (s, d) => Cv.Transform(s, d, m));
        if (image.PixelType == PixelType.Float32)
        {
            var f = dst.Pixels<float>();
            for (var i = 0; i < f.Length; i++)
            {
                f[i] = PixelCv.Clip01(f[i]);
            }
        }
        return dst;
    }

    public static Image Invert(Image image)
    {
        var dst = Image.CreateLike(image);
        switch (image.PixelType)
        {
            case PixelType.UInt8:
                var b = image.Bytes;
                var db = dst.Bytes;
                for (var i = 0; i < b.Length; i++)
                {
                    db[i] = (byte)(255 - b[i]);
                }
                break;
            case PixelType.UInt16:
                var u = image.Pixels<ushort>();
                var du = dst.Pixels<ushort>();
                for (var i = 0; i < u.Length; i++)
                {
                    du[i] = (ushort)(65535 - u[i]);
                }
                break;
            default:
                var f = image.Pixels<float>();
                var df = dst.Pixels<float>();
                for (var i = 0; i < f.Length; i++)
                {
                    df[i] = 1f - f[i];
                }
                break;
        }
        return dst;
    }

    public static Image Solarize(Image image, double threshold)
    {
        if (image.PixelType == PixelType.UInt8)
        {
            var lut = new byte[256];
            for (var i = 0; i < 256; i++)
            {
                lut[i] = i < threshold ? (byte)i : (byte)(255 - i);
            }
            return PixelCv.Lut(image, lut);
        }
        var dst = image.Clone();
        if (image.PixelType == PixelType.Float32)
        {
            var f = dst.Pixels<float>();
            for (var i = 0; i < f.Length; i++)
            {
                if (f[i] >= threshold)
                {
                    f[i] = 1f - f[i];
                }
            }
        }
        else
        {
            var u = dst.Pixels<ushort>();
            for (var i = 0; i < u.Length; i++)
            {
                if (u[i] >= threshold)
                {
                    u[i] = (ushort)(65535 - u[i]);
                }
            }
        }
        return dst;
    }

    private static byte[] PosterizeLut(int bits)
    {
        var lut = new byte[256];
        var mask = bits == 0 ? 0 : (byte)~((1 << (8 - bits)) - 1);
        for (var i = 0; i < 256; i++)
        {
            lut[i] = (byte)(i & mask);
        }
        return lut;
    }

    public static Image Posterize(Image image, int[] bits)
    {
        PixelCv.RequireUInt8(image, "Posterize");
        foreach (var b in bits)
        {
            Guard.That(b is >= 0 and <= 8, "num_bits", $"must lie in [0, 8] (got {b})");
        }
        if (bits.Length == 1)
        {
            return PixelCv.Lut(image, PosterizeLut(bits[0]));
        }
        PixelCv.RequireRgb(image, "Posterize (per-channel bits)");
        return PixelCv.LutPerChannel(image, bits.Select(PosterizeLut).ToArray());
    }

    public static Image ShuffleChannels(Image image, int[] order)
    {
        var c = image.Channels;
        Guard.That(order.Length == c && order.Order().SequenceEqual(Enumerable.Range(0, c)), "channels_shuffled", $"must be a permutation of 0..{c - 1}");
        var dst = Image.CreateLike(image);
        var es = image.ElementSize;
        var s = image.Bytes;
        var d = dst.Bytes;
        var px = c * es;
        for (var o = 0; o < s.Length; o += px)
        {
            for (var k = 0; k < c; k++)
            {
                s.Slice(o + (order[k] * es), es).CopyTo(d.Slice(o + (k * es), es));
            }
        }
        return dst;
    }

    public static Image DropChannels(Image image, int[] channels, double fill)
    {
        Guard.That(image.Rank == 3 && image.Channels > 1, nameof(image), "ChannelDropout needs an image with more than one channel");
        var dst = image.Clone();
        var c = image.Channels;
        foreach (var ch in channels)
        {
            Guard.That(ch >= 0 && ch < c, "channels_to_drop", $"channel {ch} does not exist");
            switch (image.PixelType)
            {
                case PixelType.UInt8:
                    var b = dst.Bytes;
                    var v = (byte)Math.Clamp(fill, 0, 255);
                    for (var i = ch; i < b.Length; i += c)
                    {
                        b[i] = v;
                    }
                    break;
                case PixelType.UInt16:
                    var u = dst.Pixels<ushort>();
                    for (var i = ch; i < u.Length; i += c)
                    {
                        u[i] = (ushort)Math.Clamp(fill, 0, 65535);
                    }
                    break;
                default:
                    var f = dst.Pixels<float>();
                    for (var i = ch; i < f.Length; i += c)
                    {
                        f[i] = (float)fill;
                    }
                    break;
            }
        }
        return dst;
    }

    public static Image ToneCurve(Image image, double lowY, double highY)
    {
        PixelCv.RequireUInt8(image, "RandomToneCurve");
        Guard.That(lowY is >= 0 and <= 1, "low_y", "must lie in [0, 1]");
        Guard.That(highY is >= 0 and <= 1, "high_y", "must lie in [0, 1]");
        var lut = new byte[256];
        for (var i = 0; i < 256; i++)
        {
            var t = i / 255.0;
            var y = (3 * (1 - t) * (1 - t) * t * lowY) + (3 * (1 - t) * t * t * highY) + (t * t * t);
            lut[i] = (byte)Math.Round(y * 255, MidpointRounding.ToEven);
        }
        return PixelCv.Lut(image, lut);
    }
}
