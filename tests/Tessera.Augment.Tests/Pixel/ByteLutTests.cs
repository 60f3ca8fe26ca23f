using OpenCvSharp;
using Tessera.Augment.Pixel;

namespace Tessera.Augment.Tests.Pixel;

/// <summary><see cref="ByteLut"/> against <c>cv2.LUT</c>, byte for byte, for every length class (vector blocks and tails).</summary>
public class ByteLutTests
{
    private static byte[] Random(int n, int seed)
    {
        var r = new System.Random(seed);
        var b = new byte[n];
        r.NextBytes(b);
        return b;
    }

    private static byte[] OpenCvLut(byte[] src, byte[] interleavedTable, int channels)
    {
        using var ms = Mat.FromPixelData(1, src.Length / channels, MatType.CV_8UC(channels), src);
        using var mt = Mat.FromPixelData(1, 256, MatType.CV_8UC(channels), interleavedTable);
        using var md = new Mat();
        Cv2.LUT(ms, mt, md);
        var dst = new byte[src.Length];
        System.Runtime.InteropServices.Marshal.Copy(md.Data, dst, 0, dst.Length);
        return dst;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(1000)]
    [InlineData(256 * 256 * 3)]
    public void Apply_EqualsOpenCv(int length)
    {
        var src = Random(length, length);
        var table = Random(256, 7);
        var dst = new byte[length];
        ByteLut.Apply(src, dst, table);
        Assert.Equal(OpenCvLut(src, table, 1), dst);
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(3, 1)]
    [InlineData(3, 21)]
    [InlineData(3, 64)]
    [InlineData(3, 65)]
    [InlineData(3, 256 * 256)]
    [InlineData(4, 129)]
    public void ApplyPerChannel_EqualsOpenCv(int channels, int pixels)
    {
        var src = Random(channels * pixels, pixels);
        var tables = Random(256 * channels, channels);
        var interleaved = new byte[256 * channels];
        for (var c = 0; c < channels; c++)
        {
            for (var i = 0; i < 256; i++)
            {
                interleaved[(i * channels) + c] = tables[(c * 256) + i];
            }
        }
        var dst = new byte[src.Length];
        ByteLut.ApplyPerChannel(src, dst, tables, channels);
        Assert.Equal(OpenCvLut(src, interleaved, channels), dst);
    }
}

/// <summary><see cref="GrayRgb8"/> against OpenCV's RGB2GRAY then GRAY2RGB, byte for byte.</summary>
public class GrayRgb8Tests
{
    [Theory]
    [InlineData(1)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(200)]
    [InlineData(256 * 256)]
    [InlineData((256 * 256) + 7)]
    public void Apply_EqualsOpenCvPair(int pixels)
    {
        var src = new byte[pixels * 3];
        new System.Random(pixels).NextBytes(src);
        // the extremes as well
        src.AsSpan(0, Math.Min(3, src.Length)).Fill(255);
        var dst = new byte[src.Length];
        GrayRgb8.Apply(src, dst);
        using var ms = Mat.FromPixelData(1, pixels, MatType.CV_8UC3, src);
        using var gray = new Mat();
        using var back = new Mat();
        Cv2.CvtColor(ms, gray, ColorConversionCodes.RGB2GRAY);
        Cv2.CvtColor(gray, back, ColorConversionCodes.GRAY2RGB);
        var expected = new byte[src.Length];
        System.Runtime.InteropServices.Marshal.Copy(back.Data, expected, 0, expected.Length);
        Assert.Equal(expected, dst);
    }
}
