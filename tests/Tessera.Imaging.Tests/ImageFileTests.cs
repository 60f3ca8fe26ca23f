using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.TestSupport;

namespace Tessera.Imaging.Tests;

public class ImageFileTests
{
    private static string Temp(string name) => Path.Combine(Directory.CreateTempSubdirectory("tessera-img").FullName, name);

    [Fact]
    public void WriteRead_RgbPng_RoundTripsExactlyInRgbOrder()
    {
        var img = Image.FromPixels<byte>(new byte[] { 255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30 }, 2, 2, 3);
        var path = Temp("a.png");
        ImageFile.Write(path, img);
        var back = ImageFile.Read(path);
        Assert.True(back.ContentEquals(img));
    }

    [Fact]
    public void WriteRead_Gray16Png_StaysTwoDimensionalAnd16Bit()
    {
        var img = Image.FromPixels<ushort>(new ushort[] { 0, 1000, 65535, 7 }, 2, 2, 1, keep2D: true);
        var path = Temp("g.png");
        ImageFile.Write(path, img);
        var back = ImageFile.Read(path);
        Assert.Equal(PixelType.UInt16, back.PixelType);
        Assert.Equal(2, back.Rank);
        Assert.True(back.ContentEquals(img));
    }

    [Fact]
    public void Read_FixturePng_DecodesRgb()
    {
        var img = ImageFile.Read(SharedFixtures.Get("augment", "inputs", "astronaut_200x300.png"));
        Assert.Equal(3, img.Channels);
        Assert.Equal(PixelType.UInt8, img.PixelType);
    }

    [Fact]
    public void Read_Garbage_ThrowsFormatErrorNamingFile()
    {
        var path = Temp("bad.png");
        File.WriteAllText(path, "not an image");
        var ex = Assert.Throws<TesseraFormatException>(() => ImageFile.Read(path));
        Assert.Contains("bad.png", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_FloatToJpeg_ThrowsNamingImage()
    {
        var ex = Assert.Throws<TesseraArgumentException>(() => ImageFile.Write(Temp("f.jpg"), Image.Create(2, 2, 3, PixelType.Float32)));
        Assert.Equal("image", ex.ParamName);
    }

    [Fact]
    public void MatRoundTrip_Float4Channels_Exact()
    {
        var data = Enumerable.Range(0, 3 * 5 * 4).Select(i => i * 0.25f).ToArray();
        var img = Image.FromPixels<float>(data, 3, 5, 4);
        using var mat = MatConversion.ToMat(img);
        Assert.True(MatConversion.FromMat(mat, keep2D: false).ContentEquals(img));
    }

    [Fact]
    public void ToBgrMat_Rgb_SwapsChannelsWithoutTouchingInput()
    {
        var img = Image.FromPixels<byte>(new byte[] { 1, 2, 3 }, 1, 1, 3);
        using var mat = MatConversion.ToBgrMat(img);
        Assert.Equal(3, mat.At<OpenCvSharp.Vec3b>(0, 0).Item0);
        Assert.Equal(1, img.Pixels<byte>()[0]);
    }
}
