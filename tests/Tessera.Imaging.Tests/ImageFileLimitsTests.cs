using Tessera.Core.Errors;
using Tessera.Core.Imaging;

namespace Tessera.Imaging.Tests;

public class ImageFileLimitsTests
{
    private static string Temp(byte[] bytes, string ext = ".png")
    {
        var path = Path.Combine(Path.GetTempPath(), $"tessera-img-{Guid.NewGuid():N}{ext}");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void Read_EmptyFile_NamesFileAndRule()
    {
        var path = Temp([]);
        try
        {
            var e = Assert.Throws<TesseraFormatException>(() => ImageFile.Read(path));
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
            Assert.Contains("empty (0 bytes)", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(100000u, 100000u)]
    [InlineData(20000u, 20000u)]
    public void Read_HeaderDeclaresTooManyPixels_RefusedBeforeDecoding(uint width, uint height)
    {
        var path = Temp(PngBuilder.DeclaringSize(width, height));
        try
        {
            var e = Assert.Throws<TesseraFormatException>(() => ImageFile.Read(path));
            Assert.Contains($"{width}×{height} = {(long)width * height} pixels", e.Message, StringComparison.Ordinal);
            Assert.Contains($"limit of {ImageReadOptions.DefaultMaxPixels}", e.Message, StringComparison.Ordinal);
            // a raised limit lets the file through to the decoder, which then finds the data short
            var raised = new ImageReadOptions { MaxPixels = (long)width * height };
            var d = Assert.Throws<TesseraFormatException>(() => ImageFile.Read(path, raised));
            Assert.DoesNotContain("limit", d.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ReadLabels_PalettePng_GivesIndicesNotColours()
    {
        byte[] indices = [0, 1, 2, 255, 3, 3, 1, 0, 2, 2, 255, 1];
        var palette = new byte[256 * 3];
        for (var i = 0; i < 256; i++)
        {
            palette[3 * i] = (byte)(i * 7);
            palette[(3 * i) + 1] = (byte)(i * 13);
            palette[(3 * i) + 2] = (byte)(255 - i);
        }
        var path = Temp(PngBuilder.Palette(4, 3, indices, palette));
        try
        {
            using var labels = ImageFile.ReadLabels(path);
            Assert.Equal(2, labels.Rank);
            Assert.Equal(indices, labels.Bytes.ToArray());
            using var colours = ImageFile.Read(path);
            Assert.Equal(3, colours.Channels);
            Assert.Equal(palette[3 * 255], colours.Bytes[3 * 3]);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

public class ImageFileFloatTests
{
    [Fact]
    public void Write_Float32Tiff_ReadsBackBitExact()
    {
        float[] values = [-1.5f, 0.1f, 3.25e-7f, 1e6f, 0.3333333f, -0f];
        using var image = Image.FromPixels<float>(values, 1, 2, 3);
        var path = Path.Combine(Path.GetTempPath(), $"tessera-float-{Guid.NewGuid():N}.tif");
        try
        {
            ImageFile.Write(path, image);
            using var back = ImageFile.Read(path);
            Assert.Equal(PixelType.Float32, back.PixelType);
            Assert.Equal(values, back.Pixels<float>().ToArray());
            Assert.Throws<TesseraArgumentException>(() => ImageFile.Encode(image, ".png"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
