using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Data.Masks;
using Tessera.Imaging;

namespace Tessera.Data.Tests.Masks;

public class MaskFolderTests
{
    private static readonly (byte, byte, byte)[] Palette = [(0, 0, 0), (128, 0, 0), (0, 128, 0), (128, 128, 0)];

    /// <summary>Packs values at a bit depth and applies PNG filter <paramref name="filter"/> to every row (the encoder's inverse).</summary>
    private static byte[] Filtered(int[] values, int h, int w, int depth, int filter)
    {
        var stride = ((w * depth) + 7) / 8;
        var rows = new byte[h * stride];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var v = values[(y * w) + x];
                var r = rows.AsSpan(y * stride, stride);
                if (depth == 16) { r[2 * x] = (byte)(v >> 8); r[(2 * x) + 1] = (byte)v; }
                else if (depth == 8) { r[x] = (byte)v; }
                else { r[x * depth / 8] |= (byte)(v << (8 - depth - ((x * depth) % 8))); }
            }
        }
        var bpp = Math.Max(1, depth / 8);
        var output = new byte[h * (stride + 1)];
        for (var y = 0; y < h; y++)
        {
            output[y * (stride + 1)] = (byte)filter;
            for (var i = 0; i < stride; i++)
            {
                int cur = rows[(y * stride) + i];
                int a = i >= bpp ? rows[(y * stride) + i - bpp] : 0;
                int b = y > 0 ? rows[((y - 1) * stride) + i] : 0;
                int c = i >= bpp && y > 0 ? rows[((y - 1) * stride) + i - bpp] : 0;
                int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
                var predictor = filter switch { 1 => a, 2 => b, 3 => (a + b) >> 1, 4 => pa <= pb && pa <= pc ? a : pb <= pc ? b : c, _ => 0 };
                output[(y * (stride + 1)) + 1 + i] = (byte)(cur - predictor);
            }
        }
        return output;
    }

    [Theory]
    [InlineData(1, 3, 0)]
    [InlineData(2, 3, 1)]
    [InlineData(4, 3, 2)]
    [InlineData(8, 3, 3)]
    [InlineData(8, 0, 4)]
    [InlineData(16, 0, 4)]
    [InlineData(16, 0, 1)]
    [InlineData(4, 0, 3)]
    public void Decode_EveryDepthAndFilter_GivesTheIndices(int depth, int colorType, int filter)
    {
        int h = 7, w = 13;
        var max = (1 << Math.Min(depth, 16)) - 1;
        var rng = new Random(depth * 10 + filter);
        var values = Enumerable.Range(0, h * w).Select(_ => colorType == 3 ? rng.Next(0, Math.Min(max + 1, Palette.Length)) : rng.Next(0, max + 1)).ToArray();
        var png = PalettePng.Assemble(w, h, depth, colorType, colorType == 3 ? Palette : null, Filtered(values, h, w, depth, filter));
        var decoded = PalettePng.Decode(png, "test.png");
        Assert.Equal(values, decoded.Values);
        Assert.Equal(colorType == 3, decoded.IsPalette);
        Assert.Equal(depth, decoded.BitDepth);
    }

    [Fact]
    public void Decode_CorruptOrColourPng_ThrowsNamingTheProblem()
    {
        var good = PalettePng.Encode(new byte[] { 0, 1, 2, 3 }, 2, 2, Palette);
        var badCrc = (byte[])good.Clone();
        badCrc[20] ^= 0xFF;
        Assert.Contains("CRC", Assert.Throws<TesseraFormatException>(() => PalettePng.Decode(badCrc, "m.png")).Message);
        Assert.Contains("truncated", Assert.Throws<TesseraFormatException>(() => PalettePng.Decode(good.AsSpan(0, good.Length - 20), "m.png")).Message);
        Assert.Contains("signature", Assert.Throws<TesseraFormatException>(() => PalettePng.Decode(new byte[20], "m.png")).Message);
        var rgb = ImageFile.Encode(Image.Create(2, 2, 3, PixelType.UInt8), ".png");
        Assert.Contains("colour type 2", Assert.Throws<TesseraFormatException>(() => PalettePng.Decode(rgb, "rgb.png")).Message);
        Assert.Throws<TesseraArgumentException>(() => PalettePng.Encode(new byte[] { 9 }, 1, 1, Palette));
    }

    [Fact]
    public void OpenCvWrittenGrayPngs_8And16Bit_ReadAsLabels()
    {
        var dir = Directory.CreateTempSubdirectory("tessera-masks-").FullName;
        try
        {
            using var gray16 = Image.FromPixels<ushort>(new ushort[] { 0, 300, 65535, 7 }, 2, 2, 1, keep2D: true);
            ImageFile.Write(Path.Combine(dir, "a16.png"), gray16);
            Assert.Equal(new[] { 0, 300, 65535, 7 }, MaskFolder.ReadMask(Path.Combine(dir, "a16.png"), ignoreLabel: null).Labels);
            using var gray8 = Image.FromPixels<byte>(new byte[] { 0, 1, 255, 2 }, 2, 2, 1, keep2D: true);
            ImageFile.Write(Path.Combine(dir, "a8.png"), gray8);
            var map = MaskFolder.ReadMask(Path.Combine(dir, "a8.png"), classCount: 3, ignoreLabel: 255);
            Assert.Equal(new[] { 0, 1, 255, 2 }, map.Labels);
            Assert.Equal(1, map.Histogram()[255]);
            var e = Assert.Throws<TesseraFormatException>(() => MaskFolder.ReadMask(Path.Combine(dir, "a8.png"), classCount: 2, ignoreLabel: 255));
            Assert.Contains("a8.png", e.Message);
            Assert.Contains("label 2", e.Message);
            Assert.Contains("x 1, y 1", e.Message);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void ListAndRead_PairsByStemAndChecksSizes()
    {
        var dir = Directory.CreateTempSubdirectory("tessera-maskfolder-").FullName;
        try
        {
            var images = Directory.CreateDirectory(Path.Combine(dir, "images")).FullName;
            var masks = Directory.CreateDirectory(Path.Combine(dir, "masks")).FullName;
            using (var img = Image.Create(2, 2, 3, PixelType.UInt8)) { ImageFile.Write(Path.Combine(images, "a.png"), img); }
            File.WriteAllBytes(Path.Combine(masks, "a.png"), PalettePng.Encode(new byte[] { 0, 1, 2, 3 }, 2, 2, Palette));
            var pairs = MaskFolder.List(images, masks);
            var (image, labels) = MaskFolder.Read(Assert.Single(pairs));
            image.Dispose();
            Assert.Equal(new[] { 0, 1, 2, 3 }, labels.Labels);
            File.WriteAllBytes(Path.Combine(masks, "a.png"), PalettePng.Encode(new byte[9], 3, 3, Palette));
            Assert.Contains("differs", Assert.Throws<TesseraFormatException>(() => MaskFolder.Read(pairs[0])).Message);
            File.WriteAllBytes(Path.Combine(masks, "orphan.png"), PalettePng.Encode(new byte[1], 1, 1, Palette));
            Assert.Contains("orphan.png", Assert.Throws<TesseraFormatException>(() => MaskFolder.List(images, masks)).Message);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
