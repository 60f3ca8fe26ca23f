using OpenCvSharp;
using Tessera.Augment.Color;

namespace Tessera.Augment.Tests.Pixel;

/// <summary>The own CLAHE kernel against OpenCV's <c>CLAHE.apply</c> on one uint8 plane, bit for bit.</summary>
public class ClaheKernelTests
{
    [Theory]
    [InlineData(256, 256, 2.0, 8, 8, 1)]
    [InlineData(256, 256, 1.0, 8, 8, 2)]
    [InlineData(256, 256, 4.0, 8, 8, 3)]
    [InlineData(250, 256, 3.1, 8, 8, 4)]   // height not divisible: a full tile column of padding too
    [InlineData(37, 91, 40.0, 8, 8, 5)]
    [InlineData(64, 48, 0.0, 3, 5, 6)]     // no clipping
    [InlineData(1, 7, 3.0, 2, 2, 7)]
    [InlineData(9, 3, 2.5, 4, 2, 8)]       // padding wider than the image
    [InlineData(300, 17, 1.5, 1, 16, 9)]
    [InlineData(128, 200, 0.01, 16, 4, 10)]
    public void Apply_RandomPlanes_EqualsOpenCv(int h, int w, double clip, int tilesX, int tilesY, int seed)
    {
        var random = new Random(seed);
        foreach (var kind in new[] { "noise", "smooth", "flat" })
        {
            var plane = new byte[h * w];
            for (var i = 0; i < plane.Length; i++)
            {
                int y = i / w, x = i % w;
                plane[i] = kind switch
                {
                    "noise" => (byte)random.Next(256),
                    "smooth" => (byte)((60 + (y * 90 / h) + (x * 70 / w) + random.Next(6)) % 256),
                    _ => (byte)(100 + (x % 3)),
                };
            }
            var expected = new byte[h * w];
            using (var s = Mat.FromPixelData(h, w, MatType.CV_8UC1, plane))
            using (var d = Mat.FromPixelData(h, w, MatType.CV_8UC1, expected))
            using (var clahe = Cv2.CreateCLAHE(clip, new OpenCvSharp.Size(tilesX, tilesY)))
            {
                clahe.Apply(s, d);
            }
            var actual = new byte[h * w];
            ClaheKernel.Apply(plane, actual, h, w, clip, tilesX, tilesY);
            var diff = Enumerable.Range(0, h * w).Where(i => actual[i] != expected[i]).ToList();
            Assert.True(diff.Count == 0, $"{kind}: {diff.Count} of {h * w} differ, first at {diff.FirstOrDefault()} ({actual[diff.FirstOrDefault()]} vs {expected[diff.FirstOrDefault()]})");

            // in place gives the same
            ClaheKernel.Apply(plane, plane, h, w, clip, tilesX, tilesY);
            Assert.Equal(expected, plane);
        }
    }
}
