using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Data.Folders;
using Tessera.Imaging;
using Xunit;

namespace Tessera.Data.Tests.Folders;

public sealed class ImageLabelFolderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tessera-folder-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Write(string sub, string name, Image image)
    {
        Directory.CreateDirectory(Path.Combine(_dir, sub));
        ImageFile.Write(Path.Combine(_dir, sub, name), image);
    }

    private static Image Rgb(int h, int w) => Image.Create(h, w, 3, PixelType.UInt8);

    private static Image Gray(int h, int w, byte v)
    {
        var g = Image.FromPixels<byte>(Enumerable.Repeat(v, h * w).ToArray(), h, w, 1, keep2D: true);
        return g;
    }

    [Fact]
    public void List_PairsByStem_InOrdinalOrder_AndReadsRgbAndLabels()
    {
        Write("images", "b.png", Rgb(4, 6));
        Write("images", "a.png", Gray(4, 6, 9));
        Write("labels", "a.png", Gray(4, 6, 2));
        Write("labels", "b.png", Gray(4, 6, 3));

        var pairs = ImageLabelFolder.List(_dir);

        Assert.Equal(["a", "b"], pairs.Select(p => p.Name));
        var (image, labels) = ImageLabelFolder.Read(pairs[0]);
        Assert.Equal(3, image.Channels);
        Assert.All(image.Pixels<byte>().ToArray(), v => Assert.Equal(9, v));
        Assert.Equal([4, 6], labels.Shape);
        Assert.All(labels.AsSpan<byte>().ToArray(), v => Assert.Equal(2, v));
    }

    [Fact]
    public void List_UnpairedFiles_NameTheFile()
    {
        Write("images", "a.png", Rgb(4, 6));
        Write("labels", "a.png", Gray(4, 6, 1));
        Write("labels", "orphan.png", Gray(4, 6, 1));
        var e = Assert.Throws<TesseraFormatException>(() => ImageLabelFolder.List(_dir));
        Assert.Contains("orphan.png", e.Message, StringComparison.Ordinal);
        Assert.Throws<DirectoryNotFoundException>(() => ImageLabelFolder.List(Path.Combine(_dir, "missing")));
    }

    [Fact]
    public void Read_SizeMismatchOrColourLabel_NameTheLabelFile()
    {
        Write("images", "a.png", Rgb(4, 6));
        Write("labels", "a.png", Gray(5, 6, 1));
        var e = Assert.Throws<TesseraFormatException>(() => ImageLabelFolder.Read(ImageLabelFolder.List(_dir)[0]));
        Assert.Contains(Path.Combine("labels", "a.png"), e.Message, StringComparison.Ordinal);
        Write("labels", "a.png", Rgb(4, 6));
        Assert.Throws<TesseraFormatException>(() => ImageLabelFolder.Read(ImageLabelFolder.List(_dir)[0]));
    }
}
