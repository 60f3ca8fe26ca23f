using System.Text.Json.Nodes;
using Tessera.Augment.Color;
using Tessera.Augment.Dropout;
using Tessera.Augment.Filters;
using Tessera.Augment.Geometric;
using Tessera.Augment.Noise;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Tests.Serialization;

/// <summary>
/// Constructor arguments mean what albumentations 1.3.1's mean: <c>scale_limit</c> is an offset from 1, a single
/// number reads as <c>to_tuple</c> reads it for that argument, and a C# call and the JSON of the same Python call
/// give the same ranges.
/// </summary>
public class PythonSemanticsTests
{
    [Fact]
    public void ShiftScaleRotate_ScaleLimitIsAlbumentationsOffset()
    {
        var t = new ShiftScaleRotate(scaleLimit: (-0.1, 0.1));
        Assert.Equal((0.9, 1.1), Round(t.ScaleLimit));
        var up = new ShiftScaleRotate(scaleLimit: (0.05, 0.1));
        Assert.Equal((1.05, 1.1), Round(up.ScaleLimit));
    }

    [Fact]
    public void ShiftScaleRotate_ScalarShorthandsAndDefaults()
    {
        var t = new ShiftScaleRotate(shiftLimit: 0.1, scaleLimit: 0.2, rotateLimit: 30);
        Assert.Equal((-0.1, 0.1), Round(t.ShiftLimitX));
        Assert.Equal((-0.1, 0.1), Round(t.ShiftLimitY));
        Assert.Equal((0.8, 1.2), Round(t.ScaleLimit));
        Assert.Equal((-30.0, 30.0), Round(t.RotateLimit));
        var d = new ShiftScaleRotate();
        Assert.Equal((-0.0625, 0.0625), Round(d.ShiftLimitX));
        Assert.Equal((0.9, 1.1), Round(d.ScaleLimit));
        Assert.Equal((-45.0, 45.0), Round(d.RotateLimit));
        var xy = new ShiftScaleRotate(shiftLimit: 0.1, shiftLimitY: (0.0, 0.2));
        Assert.Equal((-0.1, 0.1), Round(xy.ShiftLimitX));
        Assert.Equal((0.0, 0.2), Round(xy.ShiftLimitY));
    }

    [Fact]
    public void ShiftScaleRotate_FactorBelowZero_IsRejectedWithAHint()
    {
        var e = Assert.Throws<TesseraArgumentException>(() => new ShiftScaleRotate(scaleLimit: (-1.5, 0.1)));
        Assert.Contains("scale_limit", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RandomScale_ScaleLimitIsAlbumentationsOffset_AndDrawsFactorsAroundOne()
    {
        var t = new RandomScale(scaleLimit: 0.3, p: 1);
        Assert.Equal((0.7, 1.3), Round(t.ScaleLimit));
        // (0.05, 0.1) enlarges by 5–10 %, as in Python (it used to shrink the image to 5–10 %)
        var up = new RandomScale(scaleLimit: (0.05, 0.1), p: 1);
        using var img = Image.CreateGray(100, 100, PixelType.UInt8);
        for (var seed = 1UL; seed <= 5; seed++)
        {
            var prm = up.DrawParams(new DrawContext(img), new SeededRandom(seed));
            using var output = up.ApplyToImage(img, prm);
            Assert.InRange(output.Height, 105, 110);
            Assert.InRange(output.Width, 105, 110);
        }
    }

    [Fact]
    public void ScalarShorthands_FollowToTupleOfEachArgument()
    {
        Assert.Equal((3, 7), new Blur(blurLimit: 7).BlurLimit);
        Assert.Equal((3, 9), new MedianBlur(blurLimit: 9).BlurLimit);
        Assert.Equal((0, 5), new GaussianBlur(blurLimit: 5).BlurLimit);
        Assert.Equal((3, 11), new MotionBlur(blurLimit: 11).BlurLimit);
        Assert.Equal((1, 6), new Defocus(radius: 6).Radius);
        Assert.Equal((0.0, 0.3), Round(new Sharpen(alpha: 0.3).Alpha));
        Assert.Equal((0.0, 0.4), Round(new Emboss(strength: 0.4).Strength));
        Assert.Equal((0.0, 0.3), Round(new UnsharpMask(alpha: 0.3).Alpha));
        Assert.Equal((1.0, 2.0), Round(new CLAHE(clipLimit: 2).ClipLimit));
        Assert.Equal((100.0, 100.0), Round(new Solarize(threshold: 100).Threshold));
        Assert.Equal((0.5, 1.5), Round(new ColorJitter(brightness: 0.5).Brightness));
        Assert.Equal((0.0, 2.5), Round(new ColorJitter(contrast: 1.5).Contrast));
        Assert.Equal((-0.1, 0.1), Round(new ColorJitter(hue: 0.1).Hue));
        Assert.Equal((-10.0, 10.0), Round(new HueSaturationValue(hueShiftLimit: 10).HueShiftLimit));
        Assert.Equal((-0.3, 0.3), Round(new RandomBrightnessContrast(brightnessLimit: 0.3).BrightnessLimit));
        Assert.Equal((-15.0, 15.0), Round(new Rotate(limit: 15).Limit));
        Assert.Equal((0.0, 30.0), Round(new GaussNoise(varLimit: 30).VarLimit));
        Assert.Equal((1.2, 1.2), Round(new MultiplicativeNoise(multiplier: 1.2).Multiplier));
        Assert.Equal((0.0, 0.2), Round(new Perspective(scale: 0.2).Scale));
        Assert.Equal((1, 3), new MaskDropout(maxObjects: 3).MaxObjects);
        var affine = new Affine(scale: 1.2, rotate: 10);
        Assert.Equal((1.2, 1.2), Round(affine.Scale.X));
        Assert.Equal((1.2, 1.2), Round(affine.Scale.Y));
        Assert.Equal((10.0, 10.0), Round(affine.RotateRange));
    }

    [Theory]
    [InlineData("""{"__class_fullname__": "Sharpen", "alpha": 0.3, "lightness": 0.8}""")]
    [InlineData("""{"__class_fullname__": "Emboss", "alpha": 0.3, "strength": 0.8}""")]
    [InlineData("""{"__class_fullname__": "UnsharpMask", "blur_limit": 9, "sigma_limit": 2, "alpha": 0.3}""")]
    [InlineData("""{"__class_fullname__": "ShiftScaleRotate", "shift_limit": 0.1, "scale_limit": 0.2, "rotate_limit": 30}""")]
    [InlineData("""{"__class_fullname__": "RandomScale", "scale_limit": [-0.2, 0.1]}""")]
    [InlineData("""{"__class_fullname__": "ColorJitter", "brightness": 0.4, "contrast": [0.5, 1.0], "hue": 0.1}""")]
    [InlineData("""{"__class_fullname__": "GaussianBlur", "blur_limit": 5, "sigma_limit": 1.5}""")]
    public void Json_AndCSharpCall_ResolveTheSameRanges(string json)
    {
        var fromJson = AlbumentationsJson.Read(json);
        var node = JsonNode.Parse(json)!.AsObject();
        var fromCs = CSharpCall(node);
        Assert.Equal(AlbumentationsJson.Write(fromCs), AlbumentationsJson.Write(fromJson));
    }

    [Fact]
    public void Sharpen_ScalarAlphaFromJson_IsZeroToAlpha()
    {
        // albumentations: to_tuple(alpha, 0.0) → (0, 0.3); it was read as (−0.3, 0.3)
        var t = (Sharpen)AlbumentationsJson.Read("""{"__class_fullname__": "Sharpen", "alpha": 0.3}""");
        Assert.Equal((0.0, 0.3), Round(t.Alpha));
    }

    [Fact]
    public void Enums_KeepOpenCvValues_InJsonBothWays()
    {
        var t = new Rotate(limit: 20, interpolation: Interpolation.Cubic, borderMode: BorderMode.Wrap);
        var node = JsonNode.Parse(AlbumentationsJson.Write(t))!["transform"]!;
        Assert.Equal(2, node["interpolation"]!.GetValue<int>());
        Assert.Equal(3, node["border_mode"]!.GetValue<int>());
        var back = (Rotate)AlbumentationsJson.Read("""{"__class_fullname__": "Rotate", "interpolation": 3, "border_mode": 1}""");
        Assert.Equal(Interpolation.Area, back.Interpolation);
        Assert.Equal(BorderMode.Replicate, back.BorderMode);
        Assert.Equal(4, (int)BorderMode.Reflect101);
        Assert.Equal(4, (int)Interpolation.Lanczos4);
    }

    [Fact]
    public void Enums_OutOfRange_AreRejected()
    {
        Assert.Throws<TesseraArgumentException>(() => new Rotate(interpolation: (Interpolation)7));
        Assert.Throws<TesseraArgumentException>(() => new ShiftScaleRotate(borderMode: (BorderMode)5));
        Assert.Throws<TesseraArgumentException>(() => AlbumentationsJson.Read("""{"__class_fullname__": "Resize", "height": 4, "width": 4, "interpolation": 9}"""));
    }

    private static TransformBase CSharpCall(JsonObject n)
    {
        static Limit L(JsonNode? x) => x is JsonArray a ? (a[0]!.GetValue<double>(), a[1]!.GetValue<double>()) : x!.GetValue<double>();
        return n["__class_fullname__"]!.GetValue<string>() switch
        {
            "Sharpen" => new Sharpen(alpha: L(n["alpha"]), lightness: L(n["lightness"])),
            "Emboss" => new Emboss(alpha: L(n["alpha"]), strength: L(n["strength"])),
            "UnsharpMask" => new UnsharpMask(blurLimit: n["blur_limit"]!.GetValue<int>(), sigmaLimit: L(n["sigma_limit"]), alpha: L(n["alpha"])),
            "ShiftScaleRotate" => new ShiftScaleRotate(shiftLimit: L(n["shift_limit"]), scaleLimit: L(n["scale_limit"]), rotateLimit: L(n["rotate_limit"])),
            "RandomScale" => new RandomScale(scaleLimit: L(n["scale_limit"])),
            "ColorJitter" => new ColorJitter(brightness: L(n["brightness"]), contrast: L(n["contrast"]), hue: L(n["hue"])),
            "GaussianBlur" => new GaussianBlur(blurLimit: n["blur_limit"]!.GetValue<int>(), sigmaLimit: L(n["sigma_limit"])),
            var other => throw new InvalidOperationException(other),
        };
    }

    private static (double, double) Round((double Low, double High) r) => (Math.Round(r.Low, 9), Math.Round(r.High, 9));
}
