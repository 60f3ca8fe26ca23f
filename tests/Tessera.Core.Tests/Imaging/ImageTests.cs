using Tessera.Core.Arrays;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;

namespace Tessera.Core.Tests.Imaging;

public class ImageTests
{
    [Fact]
    public void CreateGray_Always_StaysTwoDimensional()
    {
        var img = Image.CreateGray(4, 5, PixelType.UInt8);
        Assert.Equal(2, img.Rank);
        Assert.Equal(new[] { 4, 5 }, img.Shape);
        Assert.Equal(2, img.ToNdArray().Rank);
        Assert.Equal(2, img.Clone().Rank);
    }

    [Fact]
    public void FromNdArray_Rank3SingleChannel_KeepsHwc1()
    {
        var a = NdArray.Zeros(DType.Float32, 3, 2, 1);
        var img = Image.FromNdArray(a);
        Assert.Equal(3, img.Rank);
        Assert.Equal(new[] { 3, 2, 1 }, img.Shape);
        Assert.Equal(PixelType.Float32, img.PixelType);
    }

    [Fact]
    public void FromPixels_SourceChanged_ImageUnchanged()
    {
        var src = new byte[] { 1, 2, 3, 4, 5, 6 };
        var img = Image.FromPixels<byte>(src, 1, 2, 3);
        src[0] = 200;
        Assert.Equal(1, img.Pixels<byte>()[0]);
        Assert.False(img.IsBorrowed);
    }

    [Fact]
    public void Borrow_SourceChanged_ImageSeesChange()
    {
        var src = new byte[6];
        var img = Image.Borrow(src, 1, 2, 3, PixelType.UInt8);
        src[5] = 9;
        Assert.True(img.IsBorrowed);
        Assert.Equal(9, img.Pixels<byte>()[5]);
        var owned = img.Clone();
        src[5] = 1;
        Assert.Equal(9, owned.Pixels<byte>()[5]);
        Assert.False(owned.IsBorrowed);
    }

    [Theory]
    [InlineData(0, 5, 3, "height")]
    [InlineData(5, 0, 3, "width")]
    [InlineData(5, 5, 5, "channels")]
    public void Create_InvalidSize_ThrowsNamingArgument(int h, int w, int c, string param)
    {
        var ex = Assert.Throws<TesseraArgumentException>(() => Image.Create(h, w, c, PixelType.UInt8));
        Assert.Equal(param, ex.ParamName);
    }

    [Fact]
    public void FromNdArray_UnsupportedDType_Throws()
    {
        var ex = Assert.Throws<TesseraArgumentException>(() => Image.FromNdArray(NdArray.Zeros(DType.Float64, 2, 2)));
        Assert.Contains("uint8, uint16 or float32", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pixels_WrongElementType_Throws()
    {
        var img = Image.Create(2, 2, 1, PixelType.UInt16);
        Assert.Throws<TesseraArgumentException>(() => img.Pixels<byte>());
        Assert.Equal(4, img.Pixels<ushort>().Length);
    }
}
