namespace Tessera.Augment.Tests.Catalogue;

/// <summary>Serialized examples (p = 1) of the pixel-level transforms, merged into <see cref="TransformExamples.Json"/>.</summary>
internal static class PixelTransformExamples
{
    private static string C(string name, string args = "") => $$"""{"__class_fullname__": "{{name}}", "p": 1.0{{(args.Length > 0 ? ", " + args : "")}}}""";

    private static string Reference => System.Text.Json.JsonSerializer.Serialize(Tessera.TestSupport.SharedFixtures.Get("augment", "inputs", "coffee_149x211.png"));

    private static readonly Dictionary<string, string> Pixel = new()
    {
        ["RandomBrightnessContrast"] = C("RandomBrightnessContrast", "\"brightness_limit\": 0.3, \"contrast_limit\": [-0.2, 0.4], \"brightness_by_max\": false"),
        ["RandomBrightness"] = C("RandomBrightness", "\"limit\": 0.3"),
        ["RandomContrast"] = C("RandomContrast", "\"limit\": [-0.2, 0.4]"),
        ["JpegCompression"] = C("JpegCompression", "\"quality_lower\": 30, \"quality_upper\": 60"),
        ["NoOp"] = C("NoOp"),
        ["RandomGamma"] = C("RandomGamma", "\"gamma_limit\": [70, 130]"),
        ["HueSaturationValue"] = C("HueSaturationValue"),
        ["RGBShift"] = C("RGBShift", "\"r_shift_limit\": 30"),
        ["ToGray"] = C("ToGray"),
        ["ToSepia"] = C("ToSepia"),
        ["InvertImg"] = C("InvertImg"),
        ["Solarize"] = C("Solarize", "\"threshold\": [64, 192]"),
        ["Posterize"] = C("Posterize", "\"num_bits\": [[2, 3], [4, 5], [6, 7]]"),
        ["ChannelShuffle"] = C("ChannelShuffle"),
        ["ChannelDropout"] = C("ChannelDropout", "\"channel_drop_range\": [1, 2], \"fill_value\": 17"),
        ["RandomToneCurve"] = C("RandomToneCurve", "\"scale\": 0.2"),
        ["ColorJitter"] = C("ColorJitter", "\"brightness\": 0.3, \"contrast\": 0.3, \"saturation\": 0.3, \"hue\": 0.1"),
        ["Normalize"] = C("Normalize"),
        ["ToFloat"] = C("ToFloat"),
        ["FromFloat"] = C("FromFloat", "\"dtype\": \"uint8\", \"max_value\": 1"),
        ["CLAHE"] = C("CLAHE", "\"clip_limit\": 3, \"tile_grid_size\": [4, 4]"),
        ["Equalize"] = C("Equalize", "\"mode\": \"pil\", \"by_channels\": false"),
        ["FancyPCA"] = C("FancyPCA", "\"alpha\": 0.3"),
        ["Blur"] = C("Blur"),
        ["MedianBlur"] = C("MedianBlur"),
        ["GaussianBlur"] = C("GaussianBlur", "\"sigma_limit\": [0.5, 2]"),
        ["MotionBlur"] = C("MotionBlur", "\"blur_limit\": [3, 9], \"allow_shifted\": false"),
        ["GlassBlur"] = C("GlassBlur", "\"max_delta\": 2, \"iterations\": 2"),
        ["Defocus"] = C("Defocus", "\"radius\": [3, 10]"),
        ["ZoomBlur"] = C("ZoomBlur", "\"max_factor\": 1.2"),
        ["Sharpen"] = C("Sharpen"),
        ["Emboss"] = C("Emboss"),
        ["UnsharpMask"] = C("UnsharpMask", "\"alpha\": [0.5, 1.0]"),
        ["Downscale"] = C("Downscale", "\"scale_min\": 0.3, \"scale_max\": 0.6, \"interpolation\": {\"downscale\": 3, \"upscale\": 1}"),
        ["GaussNoise"] = C("GaussNoise", "\"per_channel\": false"),
        ["MultiplicativeNoise"] = C("MultiplicativeNoise", "\"multiplier\": [0.8, 1.2], \"per_channel\": true, \"elementwise\": true"),
        ["ISONoise"] = C("ISONoise"),
        ["ImageCompression"] = C("ImageCompression", "\"quality_lower\": 30, \"quality_upper\": 60, \"compression_type\": 1"),
        ["RandomSnow"] = C("RandomSnow"),
        ["RandomRain"] = C("RandomRain", "\"drop_length\": 8, \"blur_value\": 3, \"rain_type\": \"drizzle\""),
        ["RandomFog"] = C("RandomFog"),
        ["RandomShadow"] = C("RandomShadow", "\"num_shadows_upper\": 3"),
        ["FDA"] = C("FDA", $"\"reference_images\": [{Reference}], \"beta_limit\": 0.05"),
        ["HistogramMatching"] = C("HistogramMatching", $"\"reference_images\": [{Reference}]"),
        ["Superpixels"] = C("Superpixels", "\"p_replace\": 0.5, \"n_segments\": 20, \"max_size\": 40"),
        ["ToTensorV2"] = C("ToTensorV2"),
        ["RandomSunFlare"] = C("RandomSunFlare", "\"src_radius\": 30, \"flare_roi\": [0.1, 0.1, 0.9, 0.5]"),
    };

    /// <summary>The spatial examples plus these.</summary>
    public static IReadOnlyDictionary<string, string> With(Dictionary<string, string> spatial)
    {
        foreach (var (k, v) in Pixel)
        {
            spatial[k] = v;
        }
        return spatial;
    }

    /// <summary>Adds an example at run time (for transforms whose arguments name files, e.g. FDA's reference images).</summary>
    public static void Add(string name, string json) => Pixel[name] = json;
}
