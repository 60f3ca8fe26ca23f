namespace Tessera.Cli.Tests.Areas.Parity;

/// <summary>
/// Test policy: the fixture groups (area/group) whose handlers have landed and whose every case must pass in the test
/// suite. A capability adds its groups here when they pass; the product (tessera parity) runs whatever it finds.
/// </summary>
internal static class LandedGroups
{
    /// <summary>Fixture groups that must pass.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        "segfix/distance",
        "segfix/direction",
        "segfix/refine",
        "segfix/metrics",
        "models/clip",
        "models/clip_formats",
        "models/clip_tokenizer",
        "prompting/vpt",
        "prompting/visual_prompting",
        "prompting/coop",
        "mesh/topology",
        "mesh/subdivision",
        "mesh/curves",
        "mesh/triangulation",
        "mesh/simplification",
        "augment/Affine", "augment/CenterCrop", "augment/CoarseDropout", "augment/Crop", "augment/Cutout", "augment/ElasticTransform",
        "augment/Flip", "augment/GridDistortion", "augment/GridDropout", "augment/HorizontalFlip", "augment/LongestMaxSize",
        "augment/OpticalDistortion", "augment/PadIfNeeded", "augment/Perspective", "augment/RandomCrop", "augment/RandomGridShuffle",
        "augment/RandomResizedCrop", "augment/RandomRotate90", "augment/RandomSizedCrop", "augment/Resize", "augment/Rotate",
        "augment/ShiftScaleRotate", "augment/SmallestMaxSize", "augment/Transpose", "augment/VerticalFlip",
        // augment: pixel-level transforms (issue 4)
        "augment/Blur",
        "augment/CLAHE",
        "augment/ChannelDropout",
        "augment/ChannelShuffle",
        "augment/ColorJitter",
        "augment/Downscale",
        "augment/Emboss",
        "augment/Equalize",
        "augment/FDA",
        "augment/FancyPCA",
        "augment/FromFloat",
        "augment/GaussNoise",
        "augment/GaussianBlur",
        "augment/GlassBlur",
        "augment/HistogramMatching",
        "augment/HueSaturationValue",
        "augment/ISONoise",
        "augment/ImageCompression",
        "augment/InvertImg",
        "augment/MedianBlur",
        "augment/MotionBlur",
        "augment/MultiplicativeNoise",
        "augment/Normalize",
        "augment/Posterize",
        "augment/RGBShift",
        "augment/RandomBrightnessContrast",
        "augment/RandomFog",
        "augment/RandomGamma",
        "augment/RandomRain",
        "augment/RandomShadow",
        "augment/RandomSnow",
        "augment/RandomSunFlare",
        "augment/RandomToneCurve",
        "augment/Sharpen",
        "augment/Solarize",
        "augment/Superpixels",
        "augment/ToFloat",
        "augment/ToGray",
        "augment/ToSepia",
        "augment/Compose",
    ];
}
