using OpenCvSharp;
using Tessera.Augment.Filters;
using Tessera.Augment.Pixel;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;

namespace Tessera.Augment.Tests.Pixel;

/// <summary><see cref="BinomialBlur8U"/> against OpenCV's <c>GaussianBlur(k×k, sigma 0)</c>, bit for bit.</summary>
public class BinomialBlur8UTests
{
    /// <summary>(height, width): tiny images (multiple reflections), odd widths for the vector tails, a full-size one.</summary>
    private static readonly (int H, int W)[] Sizes =
        [(1, 1), (1, 7), (7, 1), (2, 3), (3, 2), (5, 5), (7, 9), (4, 13), (9, 11), (17, 33), (31, 64), (12, 37), (8, 85), (256, 256)];

    public static TheoryData<int, int, bool> Configurations()
    {
        var data = new TheoryData<int, int, bool>();
        foreach (var k in new[] { 1, 3, 5, 7 })
        {
            // channels 0 = a rank-2 gray image
            foreach (var c in new[] { 0, 1, 2, 3, 4 })
            {
                data.Add(k, c, true);
                data.Add(k, c, false);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Apply_EqualsOpenCv_ForEverySize(int ksize, int channels, bool vectorize)
    {
        var seed = (ksize * 100) + (channels * 10) + (vectorize ? 1 : 0);
        foreach (var (h, w) in Sizes)
        {
            using var src = RandomImage(h, w, channels, seed++);
            var before = src.Bytes.ToArray();
            using var expected = PixelCv.Map(src, (s, d) => Cv2.GaussianBlur(s, d, new Size(ksize, ksize), 0));
            using var actual = BinomialBlur8U.Apply(src, ksize, vectorize);
            Assert.Equal(src.Shape, actual.Shape);
            Assert.Equal(src.Rank, actual.Rank);
            Assert.Equal(PixelType.UInt8, actual.PixelType);
            AssertSameBytes(expected, actual, $"k={ksize} c={channels} {h}x{w} vectorize={vectorize}");
            Assert.Equal(before, src.Bytes.ToArray());
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(7)]
    public void Apply_ExtremeValues_EqualOpenCv(int ksize)
    {
        // all-255 (largest sums: no 16-bit overflow), and a 0/255 checkerboard (rounding of exact halves)
        using var white = Image.FromPixels<byte>(Enumerable.Repeat((byte)255, 40 * 45 * 3).ToArray(), 40, 45, 3);
        using var whiteOut = BinomialBlur8U.Apply(white, ksize);
        Assert.All(whiteOut.Bytes.ToArray(), v => Assert.Equal(255, v));
        var board = new byte[37 * 70];
        for (var i = 0; i < board.Length; i++)
        {
            board[i] = (byte)((((i / 70) + (i % 70)) & 1) * 255);
        }
        using var src = Image.FromPixels<byte>(board, 37, 70, 1, keep2D: true);
        using var expected = PixelCv.Map(src, (s, d) => Cv2.GaussianBlur(s, d, new Size(ksize, ksize), 0));
        using var actual = BinomialBlur8U.Apply(src, ksize);
        AssertSameBytes(expected, actual, $"checkerboard k={ksize}");
    }

    [Fact]
    public void GaussianBlur_SigmaZero_UsesTheSameResultAsOpenCv()
    {
        using var src = RandomImage(50, 61, 3, 7);
        foreach (var k in new[] { 3, 5, 7 })
        {
            using var expected = PixelCv.Map(src, (s, d) => Cv2.GaussianBlur(s, d, new Size(k, k), 0));
            using var actual = new GaussianBlur().ApplyToImage(src, new GaussianBlurParams(k, 0));
            AssertSameBytes(expected, actual, $"GaussianBlur k={k}");
        }
    }

    [Fact]
    public void Supports_OnlyUInt8SigmaZeroOddSmallKernels()
    {
        using var u8 = Image.Create(4, 4, 3, PixelType.UInt8);
        using var gray = Image.CreateGray(4, 4, PixelType.UInt8);
        using var f32 = Image.Create(4, 4, 3, PixelType.Float32);
        using var u16 = Image.Create(4, 4, 3, PixelType.UInt16);
        Assert.True(BinomialBlur8U.Supports(u8, 7, 0));
        Assert.True(BinomialBlur8U.Supports(gray, 3, 0));
        Assert.True(BinomialBlur8U.Supports(u8, 1, 0));
        Assert.True(BinomialBlur8U.Supports(u8, 5, -1));
        Assert.False(BinomialBlur8U.Supports(f32, 3, 0));
        Assert.False(BinomialBlur8U.Supports(u16, 3, 0));
        Assert.False(BinomialBlur8U.Supports(u8, 3, 0.5));
        Assert.False(BinomialBlur8U.Supports(u8, 3, double.NaN));
        foreach (var k in new[] { 0, 2, 4, 9, -3 })
        {
            Assert.False(BinomialBlur8U.Supports(u8, k, 0));
        }
    }

    [Fact]
    public void Apply_UnsupportedInput_ThrowsNamingTheArgument()
    {
        using var f32 = Image.Create(4, 4, 3, PixelType.Float32);
        using var u8 = Image.Create(4, 4, 3, PixelType.UInt8);
        Assert.Equal("src", Assert.Throws<TesseraArgumentException>(() => BinomialBlur8U.Apply(f32, 3)).ParamName);
        Assert.Equal("src", Assert.Throws<TesseraArgumentException>(() => BinomialBlur8U.Apply(u8, 9)).ParamName);
    }

    private static Image RandomImage(int h, int w, int channels, int seed)
    {
        var rng = new System.Random(seed);
        var pixels = new byte[h * w * Math.Max(channels, 1)];
        rng.NextBytes(pixels);
        return channels == 0 ? Image.FromPixels<byte>(pixels, h, w, 1, keep2D: true) : Image.FromPixels<byte>(pixels, h, w, channels);
    }

    private static void AssertSameBytes(Image expected, Image actual, string what)
    {
        var e = expected.Bytes.ToArray();
        var a = actual.Bytes.ToArray();
        Assert.Equal(e.Length, a.Length);
        var mismatches = 0;
        var first = -1;
        var maxDiff = 0;
        for (var i = 0; i < e.Length; i++)
        {
            if (e[i] != a[i])
            {
                mismatches++;
                first = first < 0 ? i : first;
                maxDiff = Math.Max(maxDiff, Math.Abs(e[i] - a[i]));
            }
        }
        Assert.True(mismatches == 0, $"{what}: {mismatches} of {e.Length} elements differ (first at {first}, max |diff| {maxDiff})");
    }
}
