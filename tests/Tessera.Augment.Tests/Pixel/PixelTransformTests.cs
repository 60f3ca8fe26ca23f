using Tessera.Augment.Color;
using Tessera.Augment.Filters;
using Tessera.Augment.Noise;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Augment.Weather;
using Tessera.Core.Arrays;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Tests.Pixel;

/// <summary>Kernel values on tiny arrays and bad-argument contracts of the pixel-level transforms.</summary>
public class PixelTransformTests
{
    private static Image Rgb(params byte[] px) => Image.FromPixels<byte>(px, 1, px.Length / 3, 3);

    [Fact]
    public void Solarize_Uint8_InvertsAtOrAboveThreshold()
    {
        var img = Rgb(10, 127, 128, 200, 255, 0);
        var outImg = new Solarize((128, 128)).ApplyToImage(img, new SolarizeParams(128));
        Assert.Equal(new byte[] { 10, 127, 127, 55, 0, 0 }, outImg.Bytes.ToArray());
    }

    [Fact]
    public void Posterize_PerChannelBits_KeepsHighBits()
    {
        var img = Rgb(0xFF, 0xFF, 0xFF);
        var outImg = new Posterize().ApplyToImage(img, new PosterizeParams([2, 4, 8]));
        Assert.Equal(new byte[] { 0xC0, 0xF0, 0xFF }, outImg.Bytes.ToArray());
    }

    [Fact]
    public void InvertImg_Float_IsOneMinusValue()
    {
        var img = Image.FromPixels<float>([0f, 0.25f, 1f], 1, 1, 3);
        var outImg = new InvertImg().ApplyToImage(img, NoParams.Instance);
        Assert.Equal(new[] { 1f, 0.75f, 0f }, outImg.Pixels<float>().ToArray());
    }

    [Fact]
    public void Normalize_ImageNet_MatchesFormula()
    {
        var img = Rgb(255, 0, 128);
        var outImg = new Normalize().ApplyToImage(img, NoParams.Instance);
        var v = outImg.Pixels<float>().ToArray();
        Assert.Equal((1 - 0.485) / 0.229, v[0], 5);
        Assert.Equal((0 - 0.456) / 0.224, v[1], 5);
        Assert.Equal(((128 / 255.0) - 0.406) / 0.225, v[2], 5);
        Assert.Equal(PixelType.Float32, outImg.PixelType);
    }

    [Fact]
    public void FromFloat_Truncates()
    {
        var img = Image.FromPixels<float>([0.999f, 0.5f, 0f], 1, 1, 3);
        var outImg = new FromFloat("uint8").ApplyToImage(img, NoParams.Instance);
        Assert.Equal(new byte[] { 254, 127, 0 }, outImg.Bytes.ToArray());
    }

    [Fact]
    public void ChannelShuffle_Permutation_MovesChannels()
    {
        var outImg = new ChannelShuffle().ApplyToImage(Rgb(1, 2, 3, 4, 5, 6), new ChannelShuffleParams([2, 0, 1]));
        Assert.Equal(new byte[] { 3, 1, 2, 6, 4, 5 }, outImg.Bytes.ToArray());
    }

    [Fact]
    public void ToChw_Rgb_TransposesAndScales()
    {
        var arr = ToTensorV2.ToChw(Rgb(1, 2, 3, 4, 5, 6), 1);
        Assert.Equal(new[] { 3, 1, 2 }, arr.Shape);
        Assert.Equal(new[] { 1f, 4f, 2f, 5f, 3f, 6f }, arr.ToFloatArray());
    }

    [Fact]
    public void GaussNoise_Field_AddsClipsAndTruncates()
    {
        var img = Rgb(250, 10, 100);
        var field = NdArray.FromArray<double>([10.7, -20.0, 0.9], 1, 1, 3);
        var outImg = new GaussNoise().ApplyToImage(img, new GaussNoiseParams(field));
        Assert.Equal(new byte[] { 255, 0, 100 }, outImg.Bytes.ToArray());
    }

    [Fact]
    public void RandomGamma_Uint8_UsesTruncatedTable()
    {
        var img = Rgb(0, 128, 255);
        var outImg = new RandomGamma().ApplyToImage(img, new RandomGammaParams(2.0));
        Assert.Equal(new byte[] { 0, (byte)(Math.Pow(128 / 255.0, 2) * 255), 255 }, outImg.Bytes.ToArray());
    }

    [Fact]
    public void ImageCompression_Jpeg_KeepsShapeAndChangesLittle()
    {
        var img = Image.Create(32, 32, 3, PixelType.UInt8);
        img.Bytes.Fill(120);
        var outImg = new ImageCompression(50, 50).ApplyToImage(img, new ImageCompressionParams(50, ".jpg"));
        Assert.Equal(img.Shape, outImg.Shape);
        Assert.All(outImg.Bytes.ToArray(), b => Assert.InRange(b, 115, 125));
    }

    [Fact]
    public void Transforms_SameSeed_SameParams()
    {
        var img = Image.Create(20, 24, 3, PixelType.UInt8);
        var t = new RandomRain(dropLength: 5, blurValue: 3);
        var a = t.DrawParams(new DrawContext(img), new SeededRandom(3));
        var b = t.DrawParams(new DrawContext(img), new SeededRandom(3));
        Assert.Equal(a.RainDrops.SelectMany(x => x), b.RainDrops.SelectMany(x => x));
    }

    public static TheoryData<string, Action> BadArguments() => new()
    {
        { "blurLimit", () => _ = new MedianBlur((4, 6)) },
        { "hue", () => _ = new ColorJitter(hue: (-0.7, 0.1)) },
        { "compressionType", () => _ = new ImageCompression(compressionType: 2) },
        { "numBits", () => _ = new Posterize([(3, 9)]) },
        { "slantLower", () => _ = new RandomRain(slantLower: -30) },
        { "std", () => _ = new Normalize(std: [0.0]) },
        { "mode", () => _ = new Equalize(mode: "x") },
        { "dtype", () => _ = new FromFloat("int64") },
        { "scaleMin", () => _ = new Downscale(scaleMin: 0.9, scaleMax: 0.5) },
        { "image", () => new ChannelDropout().DrawParams(new DrawContext(Image.CreateGray(4, 4, PixelType.UInt8)), new SeededRandom(1)) },
        { "image", () => new FancyPCA().ApplyToImage(Image.CreateGray(4, 4, PixelType.UInt8), new FancyPCAParams(0.1)) },
        { "image", () => new CLAHE().ApplyToImage(Image.Create(4, 4, 3, PixelType.Float32), new CLAHEParams(2)) },
        { "ksize", () => new MedianBlur().ApplyToImage(Image.Create(8, 8, 3, PixelType.Float32), new MedianBlurParams(7)) },
        { "RandomGamma.gamma_lim", () => AlbumentationsJson.Read("""{"__class_fullname__": "RandomGamma", "gamma_lim": [1, 2]}""") },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void Constructor_BadArgument_ThrowsNamingIt(string param, Action act)
    {
        var e = Assert.Throws<TesseraArgumentException>(act);
        Assert.Contains(param, e.Message, StringComparison.Ordinal);
    }
}
