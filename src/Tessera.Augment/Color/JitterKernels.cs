using OpenCvSharp;
using Tessera.Augment.Common;
using Tessera.Augment.Pixel;
using Tessera.Core.Imaging;

namespace Tessera.Augment.Color;

/// <summary>torchvision-style colour adjustments as albumentations 1.3.1 implements them (<c>adjust_*_torchvision</c>).</summary>
internal static class JitterKernels
{
    public static Image Brightness(Image img, double factor)
    {
        if (factor == 1)
        {
            return img;
        }
        if (factor == 0)
        {
            return Image.CreateLike(img);
        }
        if (img.PixelType == PixelType.UInt8)
        {
            var lut = new byte[256];
            for (var i = 0; i < 256; i++)
            {
                lut[i] = PixelCv.ClipTruncate(i * factor);
            }
            return PixelCv.Lut(img, lut);
        }
        return MapFloat(img, v => v * (float)factor);
    }

    public static Image Contrast(Image img, double factor)
    {
        if (factor == 1)
        {
            return img;
        }
        var mean = GrayMean(img);
        if (factor == 0)
        {
            var full = Image.CreateLike(img);
            if (img.PixelType == PixelType.UInt8)
            {
                full.Bytes.Fill((byte)(int)(mean + 0.5));
            }
            else
            {
                full.Pixels<float>().Fill((float)(int)(mean + 0.5));
            }
            return full;
        }
        if (img.PixelType == PixelType.UInt8)
        {
            var lut = new byte[256];
            for (var i = 0; i < 256; i++)
            {
                lut[i] = PixelCv.ClipTruncate((i * factor) + (mean * (1 - factor)));
            }
            return PixelCv.Lut(img, lut);
        }
        var add = (float)(mean * (1 - factor));
        return MapFloat(img, v => (v * (float)factor) + add);
    }

    public static Image Saturation(Image img, double factor)
    {
        if (factor == 1 || PixelCv.IsGray(img))
        {
            return img;
        }
        var gray = ColorKernels.ToGray(img);
        if (factor == 0)
        {
            return gray;
        }
        using var grayTemp = gray;
        var dst = PixelCv.Map(img, (s, d) =>
        {
            var g = MatOfImage(gray);
            try
            {
                Cv.AddWeighted(s, factor, g, 1 - factor, 0, d);
            }
            finally
            {
                g.Dispose();
            }
        });
        if (img.PixelType == PixelType.Float32)
        {
            var f = dst.Pixels<float>();
            for (var i = 0; i < f.Length; i++)
            {
                f[i] = PixelCv.Clip01(f[i]);
            }
        }
        return dst;
    }

    public static Image Hue(Image img, double factor)
    {
        if (PixelCv.IsGray(img) || factor == 0)
        {
            return img;
        }
        return PixelCv.Map(img, (s, d) =>
        {
            using var hsv = new Mat();
            Cv.CvtColor(s, hsv, ColorConversionCodes.RGB2HSV);
            if (img.PixelType == PixelType.UInt8)
            {
                var table = new byte[256 * 3];
                for (var i = 0; i < 256; i++)
                {
                    table[i * 3] = (byte)ColorKernels.PyMod(i + (180 * factor), 180);
                    table[(i * 3) + 1] = (byte)i;
                    table[(i * 3) + 2] = (byte)i;
                }
                PixelCv.LutInPlace(hsv, table);
            }
            else
            {
                var shift = (float)(factor * 360);
                unsafe
                {
                    var p = (float*)hsv.Data;
                    var n = hsv.Rows * hsv.Cols;
                    for (var i = 0; i < n; i++)
                    {
                        p[i * 3] = ColorKernels.PyModF(p[i * 3] + shift, 360f);
                    }
                }
            }
            Cv.CvtColor(hsv, d, ColorConversionCodes.HSV2RGB);
        });
    }

    private static double GrayMean(Image img)
    {
        if (PixelCv.IsGray(img))
        {
            return ColorKernels.Mean(img);
        }
        var sum = 0.0;
        var n = 0;
        PixelCv.Read(img, s =>
        {
            using var g = new Mat();
            Cv.CvtColor(s, g, ColorConversionCodes.RGB2GRAY);
            sum = Cv.Sum(g).Val0;
            n = g.Rows * g.Cols;
        });
        return sum / n;
    }

    private static Image MapFloat(Image img, Func<float, float> f)
    {
        var dst = Image.CreateLike(img);
        var s = img.Pixels<float>();
        var d = dst.Pixels<float>();
        for (var i = 0; i < s.Length; i++)
        {
            d[i] = PixelCv.Clip01(f(s[i]));
        }
        return dst;
    }

    private static Mat MatOfImage(Image image) => Tessera.Imaging.MatConversion.ToMat(image);
}
