using OpenCvSharp;
using Tessera.Augment.Color;
using Tessera.Core.Imaging;

namespace Tessera.Augment.Tests.Pixel;

/// <summary>
/// HueSaturationValue on RGB makes the HSV image in the output buffer and converts it back in place; it must give what
/// albumentations' sequence gives when written out plainly (RGB→HSV into an HSV image, per-channel tables, HSV→RGB into a
/// new image), for uint8 and float32.
/// </summary>
public class HsvInPlaceTests
{
    [Theory]
    [InlineData(224, 224, 17, -25, 12, 1)]
    [InlineData(37, 91, -20, 30, -20, 2)]
    [InlineData(1, 7, 5, 0, 0, 3)]
    [InlineData(64, 48, 0, -30, 20, 4)]
    public void ShiftHsv_UInt8Rgb_EqualsSeparateHsvImage(int h, int w, int hue, int sat, int val, int seed)
    {
        using var image = Image.CreateUninitialized(h, w, 3, PixelType.UInt8);
        new Random(seed).NextBytes(image.Bytes);
        var before = image.Bytes.ToArray();

        using var result = ColorKernels.ShiftHsv(image, hue, sat, val);

        using var src = Mat.FromPixelData(h, w, MatType.CV_8UC3, before);
        using var hsv = new Mat();
        Cv2.CvtColor(src, hsv, ColorConversionCodes.RGB2HSV);
        var table = new byte[256 * 3];
        for (var i = 0; i < 256; i++)
        {
            table[i * 3] = (byte)(((i + hue) % 180 + 180) % 180);
            table[(i * 3) + 1] = (byte)Math.Clamp(i + sat, 0, 255);
            table[(i * 3) + 2] = (byte)Math.Clamp(i + val, 0, 255);
        }
        using var lut = Mat.FromPixelData(1, 256, MatType.CV_8UC3, table);
        Cv2.LUT(hsv, lut, hsv);
        using var back = new Mat();
        Cv2.CvtColor(hsv, back, ColorConversionCodes.HSV2RGB);
        var expected = new byte[h * w * 3];
        System.Runtime.InteropServices.Marshal.Copy(back.Data, expected, 0, expected.Length);

        Assert.Equal(expected, result.Bytes.ToArray());
        Assert.Equal(before, image.Bytes.ToArray());
    }

    [Fact]
    public void ShiftHsv_FloatRgb_EqualsSeparateHsvImage()
    {
        const int h = 31, w = 45;
        var pixels = new float[h * w * 3];
        var random = new Random(9);
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (float)random.NextDouble();
        }
        using var image = Image.FromPixels<float>(pixels, h, w, 3);

        using var result = ColorKernels.ShiftHsv(image, 0.1, -0.2, 0.15);

        using var src = Mat.FromPixelData(h, w, MatType.CV_32FC3, pixels);
        using var hsv = new Mat();
        Cv2.CvtColor(src, hsv, ColorConversionCodes.RGB2HSV);
        var hsvPixels = new float[h * w * 3];
        System.Runtime.InteropServices.Marshal.Copy(hsv.Data, hsvPixels, 0, hsvPixels.Length);
        for (var i = 0; i < h * w; i++)
        {
            var hue = (hsvPixels[i * 3] + 0.1f) % 360f;
            hsvPixels[i * 3] = hue < 0 ? hue + 360f : hue;
            hsvPixels[(i * 3) + 1] = Math.Clamp(hsvPixels[(i * 3) + 1] - 0.2f, 0f, 1f);
            hsvPixels[(i * 3) + 2] = Math.Clamp(hsvPixels[(i * 3) + 2] + 0.15f, 0f, 1f);
        }
        using var shifted = Mat.FromPixelData(h, w, MatType.CV_32FC3, hsvPixels);
        using var back = new Mat();
        Cv2.CvtColor(shifted, back, ColorConversionCodes.HSV2RGB);
        var expected = new float[h * w * 3];
        System.Runtime.InteropServices.Marshal.Copy(back.Data, expected, 0, expected.Length);

        Assert.Equal(expected, result.Pixels<float>().ToArray());
    }
}
