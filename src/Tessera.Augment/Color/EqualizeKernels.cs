using System.Buffers;
using OpenCvSharp;
using Tessera.Augment.Common;
using Tessera.Augment.Pixel;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;

namespace Tessera.Augment.Color;

/// <summary>Histogram equalization (OpenCV's <c>equalizeHist</c> and albumentations' masked and Pillow variants) and CLAHE.</summary>
internal static class EqualizeKernels
{
    public static Image Clahe(Image image, double clipLimit, int tileA, int tileB)
    {
        PixelCv.RequireUInt8(image, "CLAHE");
        int h = image.Height, w = image.Width;
        if (PixelCv.IsGray(image))
        {
            var gray = Image.CreateUninitializedLike(image); // every pixel is written
            ClaheKernel.Apply(image.Bytes, gray.Bytes, h, w, clipLimit, tileA, tileB);
            return gray;
        }
        PixelCv.RequireRgb(image, "CLAHE");
        // Lab is computed into the output itself and only its L plane is taken out, equalized and put back (no split into
        // three planes, no merge, no Lab image of its own); OpenCV's conversions, the CLAHE of ClaheKernel
        return PixelCv.Map(image, (s, d) =>
        {
            Cv.CvtColor(s, d, ColorConversionCodes.RGB2Lab);
            var lightness = ArrayPool<byte>.Shared.Rent(h * w);
            try
            {
                using var plane = new ArrayMat(lightness, h, w, MatType.CV_8UC1);
                Cv.ExtractChannel(d, plane, 0);
                ClaheKernel.Apply(lightness, lightness, h, w, clipLimit, tileA, tileB);
                Cv.InsertChannel(plane, d, 0);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(lightness);
            }
            Cv.CvtColor(d, d, ColorConversionCodes.Lab2RGB);
        });
    }

    public static Image Equalize(Image image, Image? mask, string mode, bool byChannels)
    {
        PixelCv.RequireUInt8(image, "Equalize");
        Guard.That(mode is "cv" or "pil", nameof(mode), "must be \"cv\" or \"pil\"");
        var gray = PixelCv.IsGray(image);
        Guard.That(gray || PixelCv.IsRgb(image), nameof(image), "Equalize needs a gray or RGB image");
        if (mask is not null)
        {
            Guard.That(mask.Height == image.Height && mask.Width == image.Width, nameof(mask), "must have the image's height and width");
            Guard.That(!(PixelCv.IsRgb(mask) && gray), nameof(mask), "a 3-channel mask needs an RGB image");
            Guard.That(byChannels || PixelCv.IsGray(mask), nameof(mask), "with by_channels=false the mask must have one channel");
            Guard.That(mask.PixelType == PixelType.UInt8, nameof(mask), "must be uint8");
        }
        var pil = mode == "pil";
        if (gray)
        {
            return PixelCv.Lut(image, Table(Histogram(image.Bytes, 1, 0, mask, 0), pil, mask is not null));
        }
        if (!byChannels)
        {
            return PixelCv.Map(image, (s, d) =>
            {
                using var ycc = new Mat();
                Cv.CvtColor(s, ycc, ColorConversionCodes.RGB2YCrCb);
                var hist = new long[256];
                var mb = mask?.Bytes.ToArray();
                unsafe
                {
                    var p = (byte*)ycc.Data;
                    var n = ycc.Rows * ycc.Cols;
                    for (var i = 0; i < n; i++)
                    {
                        if (mb is null || mb[i] != 0)
                        {
                            hist[p[i * 3]]++;
                        }
                    }
                    var lut = Table(hist, pil, mask is not null);
                    for (var i = 0; i < n; i++)
                    {
                        p[i * 3] = lut[p[i * 3]];
                    }
                }
                Cv.CvtColor(ycc, d, ColorConversionCodes.YCrCb2RGB);
            });
        }
        var luts = new byte[3][];
        if (mask is null)
        {
            var hists = RgbHistograms(image.Bytes);
            for (var c = 0; c < 3; c++)
            {
                luts[c] = Table(hists[c], pil, masked: false);
            }
            return PixelCv.LutPerChannel(image, luts);
        }
        for (var c = 0; c < 3; c++)
        {
            var mc = mask is null ? 0 : (PixelCv.IsGray(mask) ? 0 : c);
            luts[c] = Table(Histogram(image.Bytes, 3, c, mask, mc), pil, mask is not null);
        }
        return PixelCv.LutPerChannel(image, luts);
    }

    /// <summary>The three channel histograms of interleaved RGB pixels in one pass (two sets of counters, even and odd
    /// pixels, so that equal neighbouring values do not wait on each other's increments).</summary>
    private static long[][] RgbHistograms(ReadOnlySpan<byte> pixels)
    {
        Span<int> counts = stackalloc int[2 * 3 * 256];
        counts.Clear();
        var i = 0;
        for (; i <= pixels.Length - 6; i += 6)
        {
            counts[pixels[i]]++;
            counts[256 + pixels[i + 1]]++;
            counts[512 + pixels[i + 2]]++;
            counts[768 + pixels[i + 3]]++;
            counts[1024 + pixels[i + 4]]++;
            counts[1280 + pixels[i + 5]]++;
        }
        for (; i < pixels.Length; i += 3)
        {
            counts[pixels[i]]++;
            counts[256 + pixels[i + 1]]++;
            counts[512 + pixels[i + 2]]++;
        }
        var hists = new long[3][];
        for (var c = 0; c < 3; c++)
        {
            hists[c] = new long[256];
            for (var v = 0; v < 256; v++)
            {
                hists[c][v] = (long)counts[(c * 256) + v] + counts[768 + (c * 256) + v];
            }
        }
        return hists;
    }

    private static long[] Histogram(ReadOnlySpan<byte> pixels, int channels, int channel, Image? mask, int maskChannel)
    {
        var hist = new long[256];
        var mb = mask is null ? [] : mask.Bytes;
        var mc = mask?.Channels ?? 1;
        var n = pixels.Length / channels;
        for (var i = 0; i < n; i++)
        {
            if (mask is null || mb[(i * mc) + maskChannel] != 0)
            {
                hist[pixels[(i * channels) + channel]]++;
            }
        }
        return hist;
    }

    private static byte[] Table(long[] hist, bool pil, bool masked)
    {
        var lut = new byte[256];
        if (pil)
        {
            var nonzero = hist.Where(h => h != 0).ToList();
            if (nonzero.Count <= 1)
            {
                return Identity();
            }
            var step = nonzero.Take(nonzero.Count - 1).Sum() / 255;
            if (step == 0)
            {
                return Identity();
            }
            var n = step / 2;
            for (var i = 0; i < 256; i++)
            {
                lut[i] = (byte)Math.Min(n / step, 255);
                n += hist[i];
            }
            return lut;
        }
        var first = 0;
        while (first < 255 && hist[first] == 0)
        {
            first++;
        }
        var total = hist.Sum();
        if (hist[first] == total)
        {
            Array.Fill(lut, (byte)first);
            return lut;
        }
        long sum = 0;
        if (masked)
        {
            var scale = 255.0 / (total - hist[first]);
            for (var i = first + 1; i < 256; i++)
            {
                sum += hist[i];
                lut[i] = PixelCv.Saturate(Math.Round(sum * scale, MidpointRounding.ToEven));
            }
        }
        else
        {
            var scale = 255f / (total - hist[first]);
            for (var i = first + 1; i < 256; i++)
            {
                sum += hist[i];
                lut[i] = PixelCv.Saturate(sum * scale);
            }
        }
        return lut;
    }

    private static byte[] Identity()
    {
        var lut = new byte[256];
        for (var i = 0; i < 256; i++)
        {
            lut[i] = (byte)i;
        }
        return lut;
    }
}
