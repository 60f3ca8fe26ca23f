using OpenCvSharp;
using Tessera.Augment.Common;
using Tessera.Augment.Pixel;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;

namespace Tessera.Augment.Weather;

/// <summary>
/// Weather effects as albumentations 1.3.1 draws them (Automold): OpenCV drawing and blending on RGB uint8;
/// float32 images are converted to uint8 (×255, truncated) and back (/255).
/// </summary>
internal static class WeatherKernels
{
    private static Image OnUInt8(Image image, string name, Action<Mat> draw)
    {
        PixelCv.RequireRgb(image, name);
        PixelCv.RequireUInt8OrFloat(image, name);
        var work = image.PixelType == PixelType.Float32 ? PixelCv.FloatToUInt8(image) : image.Clone();
        PixelCv.InPlace(work, draw);
        return image.PixelType == PixelType.Float32 ? PixelCv.ToFloat(work, 255) : work;
    }

    public static Image Snow(Image image, double snowPoint, double brightnessCoeff)
    {
        var threshold = (float)((snowPoint * 127.5) + 85);
        var coeff = (float)brightnessCoeff;
        return OnUInt8(image, "RandomSnow", m =>
        {
            using var hls = new Mat();
            Cv.CvtColor(m, hls, ColorConversionCodes.RGB2HLS);
            unsafe
            {
                var p = (byte*)hls.Data;
                var n = hls.Rows * hls.Cols;
                for (var i = 0; i < n; i++)
                {
                    float l = p[(i * 3) + 1];
                    if (l < threshold)
                    {
                        l *= coeff;
                    }
                    p[(i * 3) + 1] = PixelCv.ClipTruncate(l);
                }
            }
            Cv.CvtColor(hls, m, ColorConversionCodes.HLS2RGB);
        });
    }

    public static Image Rain(Image image, int slant, int dropLength, int dropWidth, IReadOnlyList<int> color, int blurValue, double brightness, int[][] drops)
    {
        var c = new Scalar(color[0], color[1], color[2]);
        return OnUInt8(image, "RandomRain", m =>
        {
            foreach (var d in drops)
            {
                Guard.That(d.Length == 2, "rain_drops", "every drop is (x, y)");
                Cv2.Line(m, new Point(d[0], d[1]), new Point(d[0] + slant, d[1] + dropLength), c, dropWidth);
            }
            Cv.Blur(m, m, new Size(blurValue, blurValue));
            using var hsv = new Mat();
            Cv.CvtColor(m, hsv, ColorConversionCodes.RGB2HSV);
            var b = (float)brightness;
            unsafe
            {
                var p = (byte*)hsv.Data;
                var n = hsv.Rows * hsv.Cols;
                for (var i = 0; i < n; i++)
                {
                    p[(i * 3) + 2] = PixelCv.ClipTruncate(p[(i * 3) + 2] * b);
                }
            }
            Cv.CvtColor(hsv, m, ColorConversionCodes.HSV2RGB);
        });
    }

    public static Image Fog(Image image, double fogCoef, double alphaCoef, int[][] haze)
    {
        return OnUInt8(image, "RandomFog", m =>
        {
            var hw = Math.Max((int)(m.Cols / 3 * fogCoef), 10);
            var alpha = alphaCoef * fogCoef;
            var rad = hw / 2;
            using var overlay = new Mat();
            foreach (var pt in haze)
            {
                Guard.That(pt.Length == 2, "haze_list", "every point is (x, y)");
                m.CopyTo(overlay);
                Cv2.Circle(overlay, new Point(pt[0] + (hw / 2), pt[1] + (hw / 2)), rad, new Scalar(255, 255, 255), -1);
                Cv.AddWeighted(overlay, alpha, m, 1 - alpha, 0, m);
            }
            var k = hw / 10;
            if (k > 0)
            {
                Cv.Blur(m, m, new Size(k, k));
            }
        });
    }

    public static Image Shadow(Image image, int[][][][] vertices)
    {
        return OnUInt8(image, "RandomShadow", m =>
        {
            using var hls = new Mat();
            Cv.CvtColor(m, hls, ColorConversionCodes.RGB2HLS);
            using var mask = new Mat(m.Rows, m.Cols, MatType.CV_8UC1, Scalar.All(0));
            foreach (var poly in vertices)
            {
                var pts = poly.Select(contour => contour.Select(v => new Point(v[0], v[1])).ToArray()).ToArray();
                Cv2.FillPoly(mask, pts, Scalar.All(255));
            }
            unsafe
            {
                var p = (byte*)hls.Data;
                var mk = (byte*)mask.Data;
                var n = hls.Rows * hls.Cols;
                for (var i = 0; i < n; i++)
                {
                    if (mk[i] == 255)
                    {
                        p[(i * 3) + 1] = (byte)(p[(i * 3) + 1] * 0.5);
                    }
                }
            }
            Cv.CvtColor(hls, m, ColorConversionCodes.HLS2RGB);
        });
    }

    public static Image SunFlare(Image image, int centerX, int centerY, int srcRadius, IReadOnlyList<int> srcColor, IReadOnlyList<SunFlareCircle> circles)
    {
        return OnUInt8(image, "RandomSunFlare", output =>
        {
            using var overlay = output.Clone();
            foreach (var c in circles)
            {
                Cv2.Circle(overlay, new Point(c.X, c.Y), c.Radius, new Scalar(c.R, c.G, c.B), -1);
                Cv.AddWeighted(overlay, c.Alpha, output, 1 - c.Alpha, 0, output);
            }
            using var over2 = output.Clone();
            var times = srcRadius / 10;
            var color = new Scalar(srcColor[0], srcColor[1], srcColor[2]);
            for (var i = 0; i < times; i++)
            {
                var rad = times == 1 ? 1.0 : 1 + ((srcRadius - 1) * (double)i / (times - 1));
                Cv2.Circle(over2, new Point(centerX, centerY), (int)rad, color, -1);
                var a = times == 1 ? 0.0 : (double)(times - i - 1) / (times - 1);
                var alp = a * a * a;
                Cv.AddWeighted(over2, alp, output, 1 - alp, 0, output);
            }
        });
    }
}
