using Tessera.Core.Errors;
using Tessera.Core.Imaging;

namespace Tessera.Core.Tests.Imaging;

public class ImageDisposalTests
{
    [Theory]
    [InlineData(8, 8)] // below the pooling threshold
    [InlineData(256, 256)] // pooled
    public void Dispose_Then_PixelsAreInaccessible(int h, int w)
    {
        var img = Image.Create(h, w, 3, PixelType.UInt8);
        img.Dispose();
        Assert.True(img.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => img.Bytes.Length);
        Assert.Throws<ObjectDisposedException>(() => img.Pixels<byte>().Length);
        Assert.Throws<ObjectDisposedException>(() => img.Clone());
        Assert.Throws<ObjectDisposedException>(() => img.ToNdArray());
        img.Dispose(); // a second call does nothing
        Assert.Equal(new[] { h, w, 3 }, img.Shape); // the description stays readable
    }

    [Fact]
    public void Create_AfterADisposedImageOfTheSameSize_IsZeroFilled()
    {
        for (var round = 0; round < 4; round++)
        {
            var dirty = Image.Create(256, 256, 3, PixelType.UInt8);
            Assert.All(dirty.Bytes.ToArray(), b => Assert.Equal(0, b));
            dirty.Bytes.Fill(7);
            dirty.Dispose();
        }
        var gray = Image.CreateGray(300, 300, PixelType.Float32);
        Assert.Equal(0f, gray.Pixels<float>().ToArray().Max());
    }

    [Fact]
    public void Clone_OfAPooledImage_IsIndependentOfTheOriginalsLaterDisposal()
    {
        var a = Image.Create(128, 128, 4, PixelType.UInt8);
        a.Bytes.Fill(9);
        var b = a.Clone();
        a.Dispose();
        var reuse = Image.Create(128, 128, 4, PixelType.UInt8); // may get a's old buffer
        reuse.Bytes.Fill(1);
        Assert.All(b.Bytes.ToArray(), x => Assert.Equal(9, x));
        Assert.Equal(128 * 128 * 4, b.Bytes.Length);
    }

    [Fact]
    public void Dispose_OfABorrowedImage_LeavesTheCallersBufferAlone()
    {
        var buffer = new byte[200 * 100 * 3];
        Array.Fill(buffer, (byte)5);
        var img = Image.Borrow(buffer, 200, 100, 3, PixelType.UInt8);
        img.Dispose();
        Assert.All(buffer, x => Assert.Equal(5, x));
        var other = Image.Create(200, 100, 3, PixelType.UInt8); // must not be handed the caller's buffer
        other.Bytes.Fill(1);
        Assert.All(buffer, x => Assert.Equal(5, x));
    }

    [Theory]
    [InlineData(false, 3, 3)]
    [InlineData(false, 1, 3)]
    [InlineData(true, 1, 2)]
    public void CreateUninitialized_HasTheRequestedShapeAndExactLength(bool keep2D, int channels, int rank)
    {
        var img = Image.CreateUninitialized(90, 70, channels, PixelType.Float32, keep2D);
        Assert.Equal(rank, img.Rank);
        Assert.Equal(90 * 70 * channels, img.Pixels<float>().Length);
        var like = Image.CreateUninitializedLike(img);
        Assert.Equal(img.Shape, like.Shape);
        Assert.Equal(img.PixelType, like.PixelType);
    }

    [Fact]
    public void CreateUninitialized_TwoDimensionalWithSeveralChannels_Throws()
    {
        var e = Assert.Throws<TesseraArgumentException>(() => Image.CreateUninitialized(4, 4, 3, PixelType.UInt8, keep2D: true));
        Assert.Contains("keep2D", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromPixels_IntoAPooledBuffer_KeepsExactlyTheGivenElements()
    {
        var data = Enumerable.Range(0, 100 * 100).Select(i => (float)i).ToArray();
        var img = Image.FromPixels<float>(data, 100, 100, 1, keep2D: true);
        Assert.Equal(data, img.Pixels<float>().ToArray());
        Assert.True(img.ContentEquals(img.Clone()));
    }
}
