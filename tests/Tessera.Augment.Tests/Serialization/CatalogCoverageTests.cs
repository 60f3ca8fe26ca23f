using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;

namespace Tessera.Augment.Tests.Serialization;

/// <summary>Every class name albumentations 1.3.1 can serialize either loads or fails saying Tessera does not implement it.</summary>
public class CatalogCoverageTests
{
    /// <summary>albumentations 1.3.1's SERIALIZABLE_REGISTRY (classes with a serializable name), IAA wrappers included.</summary>
    private static readonly string[] Albumentations131 =
    [
        "AdvancedBlur", "Affine", "BBoxSafeRandomCrop", "Blur", "CLAHE", "CenterCrop", "ChannelDropout", "ChannelShuffle", "CoarseDropout",
        "ColorJitter", "Compose", "Crop", "CropAndPad", "CropNonEmptyMaskIfExists", "Cutout", "Defocus", "Downscale", "ElasticTransform", "Emboss",
        "Equalize", "FDA", "FancyPCA", "Flip", "FromFloat", "GaussNoise", "GaussianBlur", "GlassBlur", "GridDistortion", "GridDropout",
        "HistogramMatching", "HorizontalFlip", "HueSaturationValue", "IAAAdditiveGaussianNoise", "IAAAffine", "IAACropAndPad", "IAAEmboss",
        "IAAFliplr", "IAAFlipud", "IAAPerspective", "IAAPiecewiseAffine", "IAASharpen", "IAASuperpixels", "ISONoise", "ImageCompression",
        "InvertImg", "JpegCompression", "Lambda", "LongestMaxSize", "MaskDropout", "MedianBlur", "MotionBlur", "MultiplicativeNoise", "NoOp",
        "Normalize", "OneOf", "OneOrOther", "OpticalDistortion", "PadIfNeeded", "PerChannel", "Perspective", "PiecewiseAffine",
        "PixelDistributionAdaptation", "PixelDropout", "Posterize", "RGBShift", "RandomBrightness", "RandomBrightnessContrast", "RandomContrast",
        "RandomCrop", "RandomCropFromBorders", "RandomCropNearBBox", "RandomFog", "RandomGamma", "RandomGravel", "RandomGridShuffle",
        "RandomRain", "RandomResizedCrop", "RandomRotate90", "RandomScale", "RandomShadow", "RandomSizedBBoxSafeCrop", "RandomSizedCrop",
        "RandomSnow", "RandomSunFlare", "RandomToneCurve", "ReplayCompose", "Resize", "RingingOvershoot", "Rotate", "SafeRotate", "Sequential",
        "Sharpen", "ShiftScaleRotate", "SmallestMaxSize", "Solarize", "SomeOf", "Spatter", "Superpixels", "TemplateTransform", "ToFloat",
        "ToGray", "ToRGB", "ToSepia", "ToTensor", "ToTensorV2", "Transpose", "UnsharpMask", "VerticalFlip", "ZoomBlur",
    ];

    [Fact]
    public void EveryAlbumentations131Name_IsSupportedOrNamedAsNotImplemented()
    {
        var missing = Albumentations131.Where(n => !TransformCatalog.Contains(n) && !TransformCatalog.NotImplemented.Contains(n)).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Read_NotImplementedName_SaysSoInsteadOfUnknown()
    {
        var e = Assert.Throws<TesseraArgumentException>(() => AlbumentationsJson.Read("""{"__class_fullname__": "albumentations.augmentations.transforms.Spatter", "p": 1}"""));
        Assert.Contains("'albumentations.augmentations.transforms.Spatter' is an albumentations 1.3.1 transform that Tessera does not implement", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NoOpAndDeprecatedAliases_Load()
    {
        var t = AlbumentationsJson.Read("""
            {"__version__": "1.3.1", "transform": {"__class_fullname__": "Compose", "p": 1.0, "transforms": [
              {"__class_fullname__": "albumentations.core.transforms_interface.NoOp", "always_apply": false, "p": 0.5},
              {"__class_fullname__": "RandomBrightness", "limit": 0.3, "p": 0.5},
              {"__class_fullname__": "RandomContrast", "limit": [-0.1, 0.2], "p": 0.5},
              {"__class_fullname__": "JpegCompression", "quality_lower": 80, "quality_upper": 90, "p": 0.5}]}}
            """);
        var compose = Assert.IsType<Compose>(t);
        Assert.IsType<NoOp>(compose.Transforms[0]);
        var brightness = Assert.IsType<Tessera.Augment.Color.RandomBrightnessContrast>(compose.Transforms[1]);
        Assert.Equal((-0.3, 0.3), brightness.BrightnessLimit);
        Assert.Equal((0.0, 0.0), brightness.ContrastLimit);
        var contrast = Assert.IsType<Tessera.Augment.Color.RandomBrightnessContrast>(compose.Transforms[2]);
        Assert.Equal((0.0, 0.0), contrast.BrightnessLimit);
        Assert.Equal((-0.1, 0.2), contrast.ContrastLimit);
        Assert.IsType<Tessera.Augment.Noise.ImageCompression>(compose.Transforms[3]);
    }
}
