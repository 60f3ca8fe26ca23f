using OpenCvSharp;
using Tessera.Augment.Common;
using Tessera.Augment.Pixel;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;

namespace Tessera.Augment.Tests.Pixel;

/// <summary><see cref="LinearResize8U"/> against OpenCV's <c>resize(..., INTER_LINEAR)</c>, bit for bit.</summary>
public class LinearResize8UTests
{
    /// <summary>
    /// (source height, width, destination height, width): the augmentation sizes, down and up, tiny images, odd widths
    /// for every vector tail (row lengths ≡ 0…15 mod 16), large ratios both ways, non-integer near-2× scales.
    /// </summary>
    private static readonly (int SH, int SW, int DH, int DW)[] Sizes =
    [
        (256, 256, 224, 224), (224, 224, 256, 256), (61, 83, 40, 50), (1, 1, 5, 7), (5, 7, 1, 1), (3, 3, 2, 2), (2, 2, 3, 3),
        (3, 2, 2, 3), (1, 9, 4, 1), (9, 1, 1, 4), (17, 33, 13, 27), (9, 11, 15, 21), (31, 64, 29, 61), (12, 37, 25, 8),
        (512, 512, 17, 17), (17, 17, 512, 512), (7, 300, 9, 16), (8, 40, 8, 24), (10, 50, 11, 25), (6, 61, 5, 23),
        (33, 45, 66, 90), (45, 33, 15, 11), (100, 101, 50, 50), (255, 255, 127, 127), (64, 48, 32, 16), (13, 13, 6, 7),
        (20, 400, 20, 31), (40, 30, 41, 29), (3, 5, 7, 11), (3, 5, 6, 10), (112, 112, 224, 224), (1, 1, 2, 2),
        (99, 99, 33, 33), (64, 64, 16, 16), (100, 100, 50, 49), (50, 50, 100, 100), (2, 9, 1, 3), (48, 480, 20, 224),
        (50, 300, 30, 100), (30, 200, 40, 57), (512, 512, 224, 224), (17, 33, 17, 33),
    ];

    public static TheoryData<int, bool> Configurations()
    {
        var data = new TheoryData<int, bool>();
        // channels 0 = a rank-2 gray image
        foreach (var c in new[] { 0, 1, 2, 3, 4 })
        {
            data.Add(c, true);
            data.Add(c, false);
        }
        return data;
    }


    [Theory]
    [MemberData(nameof(Configurations))]
    public void Resize_EqualsOpenCv_ForEverySize(int channels, bool vectorize)
    {
        var seed = (channels * 10) + (vectorize ? 1 : 0);
        var failures = new List<string>();
        foreach (var (sh, sw, dh, dw) in Sizes)
        {
            using var src = RandomImage(sh, sw, channels, seed++);
            var before = src.Bytes.ToArray();
            Assert.True(LinearResize8U.Supports(src, dh, dw), $"{sh}x{sw}->{dh}x{dw}");
            using var expected = OpenCvResize(src, dh, dw);
            using var actual = LinearResize8U.Resize(src, 0, 0, sw, sh, dh, dw, vectorize);
            Assert.Equal(expected.Shape, actual.Shape);
            Assert.Equal(src.Rank, actual.Rank);
            var diff = Difference(expected, actual);
            if (diff is not null)
            {
                failures.Add($"c={channels} {sh}x{sw}->{dh}x{dw} vectorize={vectorize}: {diff}");
            }
            Assert.Equal(before, src.Bytes.ToArray());
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Resize_RandomSizesAndChannels_EqualOpenCv(bool vectorize)
    {
        // 400 random geometries (1–70 pixels per side, 1–4 channels, rank 2 or 3), up, down and mixed
        var rng = new System.Random(vectorize ? 11 : 12);
        var failures = new List<string>();
        for (var i = 0; i < 400; i++)
        {
            int sh = rng.Next(1, 71), sw = rng.Next(1, 71), dh = rng.Next(1, 71), dw = rng.Next(1, 71), c = rng.Next(0, 5);
            using var src = RandomImage(sh, sw, c, i);
            if (!LinearResize8U.Supports(src, dh, dw))
            {
                Assert.True(LinearResize8U.BecomesArea(sh, sw, dh, dw));
                continue;
            }
            using var expected = OpenCvResize(src, dh, dw);
            using var actual = LinearResize8U.Resize(src, 0, 0, sw, sh, dh, dw, vectorize);
            var diff = Difference(expected, actual);
            if (diff is not null)
            {
                failures.Add($"c={c} {sh}x{sw}->{dh}x{dw}: {diff}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void ResizeWindow_EqualsOpenCvOnTheCrop(int channels, bool vectorize)
    {
        // windows at the image corners and inside it, so strided rows and the last row's right edge are both read
        using var src = RandomImage(90, 120, channels, 100 + channels);
        var windows = new (int X1, int Y1, int X2, int Y2, int H, int W)[]
        {
            (0, 0, 120, 90, 64, 64), (7, 5, 100, 80, 224, 224), (37, 11, 120, 90, 50, 61), (100, 70, 120, 90, 9, 33),
            (0, 60, 33, 90, 31, 17), (61, 23, 62, 24, 3, 4), (3, 4, 118, 89, 17, 200),
        };
        foreach (var (x1, y1, x2, y2, h, w) in windows)
        {
            using var crop = PixelOps.Crop(src, x1, y1, x2, y2);
            using var expected = OpenCvResize(crop, h, w);
            using var actual = LinearResize8U.Resize(src, x1, y1, x2, y2, h, w, vectorize);
            Assert.Equal(expected.Shape, actual.Shape);
            Assert.True(Difference(expected, actual) is null, $"window ({x1},{y1})-({x2},{y2}) -> {h}x{w}: {Difference(expected, actual)}");
        }
    }

    [Fact]
    public void ExtremeValues_EqualOpenCv()
    {
        // all-255 (largest sums), all-0, and a 0/255 checkerboard (most roundings at exact halves)
        foreach (var fill in new Func<int, byte>[] { _ => 255, _ => 0, i => (byte)(((i / 3) + (i / 300)) % 2 * 255) })
        {
            var pixels = Enumerable.Range(0, 77 * 100 * 3).Select(fill).ToArray();
            using var src = Image.FromPixels<byte>(pixels, 77, 100, 3);
            foreach (var (h, w) in new[] { (50, 61), (154, 203), (13, 224) })
            {
                using var expected = OpenCvResize(src, h, w);
                using var actual = LinearResize8U.Resize(src, h, w);
                Assert.True(Difference(expected, actual) is null, $"{h}x{w}: {Difference(expected, actual)}");
            }
        }
    }

    [Fact]
    public void CvImage_UsesTheKernelAndFallsBackToOpenCv_WithTheSameResult()
    {
        using var src = RandomImage(256, 256, 3, 5);
        // (224, 224) runs the kernel; (128, 128) is OpenCV's INTER_AREA case and (50, 60) a ratio above 4: both go to OpenCV
        foreach (var (h, w) in new[] { (224, 224), (128, 128), (300, 200), (50, 60) })
        {
            using var expected = OpenCvResize(src, h, w);
            using var viaResize = CvImage.Resize(src, h, w, Interpolation.Linear);
            using var viaWindow = CvImage.ResizeWindow(src, 0, 0, 256, 256, h, w, Interpolation.Linear);
            Assert.True(Difference(expected, viaResize) is null, $"Resize {h}x{w}");
            Assert.True(Difference(expected, viaWindow) is null, $"ResizeWindow {h}x{w}");
        }
        using var crop = PixelOps.Crop(src, 10, 20, 210, 170);
        using var expectedCrop = OpenCvResize(crop, 224, 224);
        using var window = CvImage.ResizeWindow(src, 10, 20, 210, 170, 224, 224, Interpolation.Linear);
        Assert.True(Difference(expectedCrop, window) is null, "window");
    }

    [Fact]
    public void Supports_OnlyUInt8WithOneToFourChannels_AndNotOpenCvsAreaCase()
    {
        using var u8 = Image.Create(256, 256, 3, PixelType.UInt8);
        using var gray = Image.CreateGray(9, 9, PixelType.UInt8);
        using var f32 = Image.Create(8, 8, 3, PixelType.Float32);
        using var u16 = Image.Create(8, 8, 1, PixelType.UInt16);
        Assert.True(LinearResize8U.Supports(u8, 224, 224));
        Assert.True(LinearResize8U.Supports(gray, 20, 3));
        Assert.True(LinearResize8U.Supports(u8, 128, 127));
        Assert.True(LinearResize8U.Supports(u8, 512, 512));
        Assert.False(LinearResize8U.Supports(u8, 128, 128));
        Assert.False(LinearResize8U.Supports(u8, 255, 255, 0, 5));
        Assert.False(LinearResize8U.Supports(f32, 4, 4));
        Assert.False(LinearResize8U.Supports(u16, 4, 4));
        Assert.True(LinearResize8U.BecomesArea(10, 6, 5, 3));
        Assert.False(LinearResize8U.BecomesArea(10, 6, 5, 2));
        Assert.False(LinearResize8U.BecomesArea(9, 9, 3, 3));
        Assert.Equal(LinearResize8U.IsAccelerated, LinearResize8U.IsFast(896, 224));
        Assert.False(LinearResize8U.IsFast(897, 224));
    }

    [Fact]
    public void Resize_BadInput_ThrowsNamingTheArgument()
    {
        using var u8 = Image.Create(10, 10, 3, PixelType.UInt8);
        using var f32 = Image.Create(10, 10, 3, PixelType.Float32);
        Assert.Equal("src", Assert.Throws<TesseraArgumentException>(() => LinearResize8U.Resize(f32, 5, 7)).ParamName);
        Assert.Equal("src", Assert.Throws<TesseraArgumentException>(() => LinearResize8U.Resize(u8, 5, 5)).ParamName);
        Assert.Equal("src", Assert.Throws<TesseraArgumentException>(() => LinearResize8U.Resize(u8, 0, 0, 11, 10, 5, 7)).ParamName);
        Assert.Equal("src", Assert.Throws<TesseraArgumentException>(() => LinearResize8U.Resize(u8, 4, 4, 4, 8, 5, 7)).ParamName);
        Assert.Equal("src", Assert.Throws<TesseraArgumentException>(() => LinearResize8U.Resize(u8, -1, 0, 5, 5, 5, 7)).ParamName);
    }

    private static Image OpenCvResize(Image src, int h, int w)
    {
        var dst = Image.CreateUninitialized(h, w, src.Channels, PixelType.UInt8, keep2D: src.Rank == 2);
        return PixelCv.Into(src, dst, (s, d) => Cv2.Resize(s, d, new Size(w, h), 0, 0, InterpolationFlags.Linear));
    }

    private static Image RandomImage(int h, int w, int channels, int seed)
    {
        var rng = new System.Random(seed);
        var pixels = new byte[h * w * Math.Max(channels, 1)];
        rng.NextBytes(pixels);
        return channels == 0 ? Image.FromPixels<byte>(pixels, h, w, 1, keep2D: true) : Image.FromPixels<byte>(pixels, h, w, channels);
    }

    /// <summary>Null when equal, else a description of the differences (count, first element, max |diff|).</summary>
    private static string? Difference(Image expected, Image actual)
    {
        var e = expected.Bytes.ToArray();
        var a = actual.Bytes.ToArray();
        if (e.Length != a.Length)
        {
            return $"lengths {e.Length} vs {a.Length}";
        }
        var rowLength = expected.Width * expected.Channels;
        var mismatches = 0;
        var first = -1;
        var maxDiff = 0;
        var columns = new SortedSet<int>();
        for (var i = 0; i < e.Length; i++)
        {
            if (e[i] != a[i])
            {
                mismatches++;
                first = first < 0 ? i : first;
                maxDiff = Math.Max(maxDiff, Math.Abs(e[i] - a[i]));
                columns.Add(i % rowLength);
            }
        }
        return mismatches == 0 ? null : $"{mismatches} of {e.Length} differ (first row {first / rowLength} col {first % rowLength}, max |diff| {maxDiff}, row length {rowLength}, columns {string.Join(",", columns.Take(20))})";
    }
}
