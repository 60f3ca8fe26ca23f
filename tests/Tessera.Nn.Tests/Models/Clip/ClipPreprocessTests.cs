using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Nn.Models.Clip;

namespace Tessera.Nn.Tests.Models.Clip;

public sealed class ClipPreprocessTests
{
    [Theory]
    [InlineData(97, 129, 64, 64, 85)]
    [InlineData(151, 101, 64, 95, 64)]
    [InlineData(45, 37, 64, 77, 64)]
    [InlineData(50, 50, 64, 64, 64)]
    public void ResizedShape_ShortSideToSize_LongSideTruncated(int h, int w, int size, int eh, int ew)
    {
        Assert.Equal((eh, ew), ClipPreprocess.ResizedShape(h, w, size));
    }

    [Theory]
    [InlineData(64, 85, 64, 0, 10)]
    [InlineData(77, 64, 64, 6, 0)]
    [InlineData(67, 64, 64, 2, 0)]
    [InlineData(69, 64, 64, 2, 0)]
    public void CropOffsets_RoundHalfToEven(int h, int w, int size, int top, int left)
    {
        Assert.Equal((top, left), ClipPreprocess.CropOffsets(h, w, size));
    }

    [Fact]
    public void Resize_ConstantImage_StaysConstantAndInputUntouched()
    {
        var pixels = Enumerable.Repeat((byte)77, 20 * 30 * 3).ToArray();
        var image = Image.FromPixels<byte>(pixels, 20, 30, 3);
        var copy = image.Clone();

        var resized = ClipPreprocess.Resize(image, 8);

        Assert.Equal((8, 12), (resized.Height, resized.Width));
        Assert.All(resized.Pixels<byte>().ToArray(), v => Assert.Equal(77, v));
        Assert.True(image.ContentEquals(copy));
    }

    [Fact]
    public void Normalize_KnownPixel_MatchesFormula()
    {
        var image = Image.FromPixels<byte>([255, 0, 128], 1, 1, 3);
        var config = ClipConfig.VitB16;

        var v = ClipPreprocess.Normalize(image, config.Mean, config.Std).ToFloatArray();

        Assert.Equal((1f - 0.48145466f) / 0.26862954f, v[0]);
        Assert.Equal((0f - 0.4578275f) / 0.26130258f, v[1]);
        Assert.Equal(((128 / 255f) - 0.40821073f) / 0.27577711f, v[2]);
    }

    [Fact]
    public void Apply_GrayImage_ReplicatedToThreeChannels()
    {
        var gray = Image.FromPixels<byte>(Enumerable.Range(0, 40 * 40).Select(i => (byte)(i % 251)).ToArray(), 40, 40, 1);

        var x = ClipPreprocess.Apply(gray, ClipConfig.Toy);

        Assert.Equal([3, 32, 32], x.Shape);
    }

    [Fact]
    public void Resize_FloatImage_ThrowsNamingImage()
    {
        var image = Image.Create(4, 4, 3, PixelType.Float32);
        Assert.Equal("image", Assert.Throws<TesseraArgumentException>(() => ClipPreprocess.Resize(image, 2)).ParamName);
    }

    [Fact]
    public void CenterCrop_TooSmall_ThrowsNamingImage()
    {
        var image = Image.Create(4, 4, 3, PixelType.UInt8);
        Assert.Equal("image", Assert.Throws<TesseraArgumentException>(() => ClipPreprocess.CenterCrop(image, 5)).ParamName);
    }
}
