using OpenCvSharp;
using Tessera.Augment.Color;
using Tessera.Core.Imaging;

namespace Tessera.Augment.Tests.Pixel;

/// <summary>
/// CLAHE on RGB equalizes the L plane inside the output buffer; it must give what albumentations' sequence gives when
/// written out plainly (RGB→Lab into a Lab image, split, CLAHE on L, merge, Lab→RGB into a new image).
/// </summary>
public class ClaheInPlaceTests
{
    [Theory]
    [InlineData(256, 256, 2.0, 8, 8, 1)]
    [InlineData(37, 91, 4.0, 8, 8, 2)]
    [InlineData(64, 48, 1.0, 3, 5, 3)]
    [InlineData(1, 7, 3.0, 2, 2, 4)]
    public void Clahe_Rgb_EqualsSplitMergeSequence(int h, int w, double clip, int tilesX, int tilesY, int seed)
    {
        using var image = Image.CreateUninitialized(h, w, 3, PixelType.UInt8);
        var random = new Random(seed);
        random.NextBytes(image.Bytes);
        // a smooth gradient over the noise, so tiles differ
        for (var i = 0; i < image.Bytes.Length; i++)
        {
            image.Bytes[i] = (byte)((image.Bytes[i] / 4) + (i * 160 / image.Bytes.Length));
        }
        var before = image.Bytes.ToArray();

        using var result = EqualizeKernels.Clahe(image, clip, tilesX, tilesY);

        using var src = Mat.FromPixelData(h, w, MatType.CV_8UC3, before);
        using var lab = new Mat();
        Cv2.CvtColor(src, lab, ColorConversionCodes.RGB2Lab);
        var planes = Cv2.Split(lab);
        using (var clahe = Cv2.CreateCLAHE(clip, new OpenCvSharp.Size(tilesX, tilesY)))
        {
            clahe.Apply(planes[0], planes[0]);
        }
        using var merged = new Mat();
        Cv2.Merge(planes, merged);
        foreach (var p in planes)
        {
            p.Dispose();
        }
        using var expected = new Mat();
        Cv2.CvtColor(merged, expected, ColorConversionCodes.Lab2RGB);
        expected.GetArray(out Vec3b[] pixels);
        var expectedBytes = pixels.SelectMany(v => new[] { v.Item0, v.Item1, v.Item2 }).ToArray();

        Assert.Equal(expectedBytes, result.Bytes.ToArray());
        Assert.Equal(before, image.Bytes.ToArray()); // the input is untouched
        Assert.NotEqual(before, result.Bytes.ToArray());
    }
}
