using System.Text.Json.Nodes;
using Tessera.Augment.Filters;
using Tessera.Augment.Color;
using Tessera.Augment.Noise;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Weather;
using Tessera.Core.Errors;

namespace Tessera.Augment.Serialization;

public static partial class TransformCatalog
{
    static partial void AddPixelEntries(List<KeyValuePair<string, Func<ArgReader, TransformBase>>> list)
    {
        // colour
        Add(list, "RandomBrightnessContrast", a => new RandomBrightnessContrast(a.Range("brightness_limit", (-0.2, 0.2)), a.Range("contrast_limit", (-0.2, 0.2)),
            a.Bool("brightness_by_max", true), a.P(0.5), a.AlwaysApply()));
        // albumentations 1.3.1's deprecated aliases: they load as the transform they stand for (and are written back as it)
        Add(list, "RandomBrightness", a => new RandomBrightnessContrast(a.Range("limit", (-0.2, 0.2)), (0, 0), true, a.P(0.5), a.AlwaysApply()));
        Add(list, "RandomContrast", a => new RandomBrightnessContrast((0, 0), a.Range("limit", (-0.2, 0.2)), true, a.P(0.5), a.AlwaysApply()));
        Add(list, "RandomGamma", a => new RandomGamma(a.Range("gamma_limit", (80, 120)), a.NullableDouble("eps"), a.P(0.5), a.AlwaysApply()));
        Add(list, "HueSaturationValue", a => new HueSaturationValue(a.Range("hue_shift_limit", (-20, 20)), a.Range("sat_shift_limit", (-30, 30)),
            a.Range("val_shift_limit", (-20, 20)), a.P(0.5), a.AlwaysApply()));
        Add(list, "RGBShift", a => new RGBShift(a.Range("r_shift_limit", (-20, 20)), a.Range("g_shift_limit", (-20, 20)), a.Range("b_shift_limit", (-20, 20)),
            a.P(0.5), a.AlwaysApply()));
        Add(list, "ToGray", a => new ToGray(a.P(0.5), a.AlwaysApply()));
        Add(list, "ToSepia", a => new ToSepia(a.P(0.5), a.AlwaysApply()));
        Add(list, "InvertImg", a => new InvertImg(a.P(0.5), a.AlwaysApply()));
        Add(list, "Solarize", a => new Solarize(SameRange(a, "threshold", (128, 128)), a.P(0.5), a.AlwaysApply()));
        Add(list, "Posterize", a => new Posterize(PosterizeBits(a), a.P(0.5), a.AlwaysApply()));
        Add(list, "ChannelShuffle", a => new ChannelShuffle(a.P(0.5), a.AlwaysApply()));
        Add(list, "ChannelDropout", a => new ChannelDropout(a.IntPair("channel_drop_range", (1, 1)), a.Double("fill_value", 0), a.P(0.5), a.AlwaysApply()));
        Add(list, "RandomToneCurve", a => new RandomToneCurve(a.Double("scale", 0.1), a.P(0.5), a.AlwaysApply()));
        Add(list, "ColorJitter", a => new ColorJitter(JitterRange(a, "brightness", 0.2, true), JitterRange(a, "contrast", 0.2, true),
            JitterRange(a, "saturation", 0.2, true), JitterRange(a, "hue", 0.2, false), a.P(0.5), a.AlwaysApply()));
        Add(list, "Normalize", a => new Normalize(a.DoubleList("mean"), a.DoubleList("std"), a.Double("max_pixel_value", 255), a.P(1), a.AlwaysApply()));
        Add(list, "ToFloat", a => new ToFloat(a.NullableDouble("max_value"), a.P(1), a.AlwaysApply()));
        Add(list, "FromFloat", a => new FromFloat(a.String("dtype", "uint16"), a.NullableDouble("max_value"), a.P(1), a.AlwaysApply()));
        Add(list, "CLAHE", a => new CLAHE(a.Range("clip_limit", (1, 4), low: 1), a.IntPair("tile_grid_size", (8, 8)), a.P(0.5), a.AlwaysApply()));
        Add(list, "Equalize", a =>
        {
            a.Has("mask_params");
            return new Equalize(a.String("mode", "cv"), a.Bool("by_channels", true), null, a.P(0.5), a.AlwaysApply());
        });
        // blur and sharpen
        Add(list, "Blur", a => new Blur(IntRange(a, "blur_limit", (3, 7), 3), a.P(0.5), a.AlwaysApply()));
        Add(list, "MedianBlur", a => new MedianBlur(IntRange(a, "blur_limit", (3, 7), 3), a.P(0.5), a.AlwaysApply()));
        Add(list, "GaussianBlur", a => new GaussianBlur(IntRange(a, "blur_limit", (3, 7), 0), a.Range("sigma_limit", (0, 0), low: 0), a.P(0.5), a.AlwaysApply()));
        Add(list, "MotionBlur", a => new MotionBlur(IntRange(a, "blur_limit", (3, 7), 3), a.Bool("allow_shifted", true), a.P(0.5), a.AlwaysApply()));
        Add(list, "GlassBlur", a => new GlassBlur(a.Double("sigma", 0.7), a.Int("max_delta", 4), a.Int("iterations", 2), a.String("mode", "fast"), a.P(0.5), a.AlwaysApply()));
        Add(list, "Defocus", a => new Defocus(IntRange(a, "radius", (3, 10), 1), a.Range("alias_blur", (0.1, 0.5), low: 0), a.P(0.5), a.AlwaysApply()));
        Add(list, "ZoomBlur", a => new ZoomBlur(a.Range("max_factor", (1, 1.31), low: 1), SameRange(a, "step_factor", (0.01, 0.03)), a.P(0.5), a.AlwaysApply()));
        Add(list, "Sharpen", a => new Sharpen(a.Range("alpha", (0.2, 0.5)), a.Range("lightness", (0.5, 1.0)), a.P(0.5), a.AlwaysApply()));
        Add(list, "Emboss", a => new Emboss(a.Range("alpha", (0.2, 0.5)), a.Range("strength", (0.2, 0.7)), a.P(0.5), a.AlwaysApply()));
        Add(list, "UnsharpMask", a => new UnsharpMask(IntRange(a, "blur_limit", (3, 7), 3), a.Range("sigma_limit", (0, 0), low: 0), a.Range("alpha", (0.2, 0.5)),
            a.Int("threshold", 10), a.P(0.5), a.AlwaysApply()));
        Add(list, "Downscale", a =>
        {
            var (down, up) = DownscaleInterpolation(a);
            return new Downscale(a.Double("scale_min", 0.25), a.Double("scale_max", 0.25), down, up, a.P(0.5), a.AlwaysApply());
        });
        // noise and codecs
        Add(list, "GaussNoise", a => new GaussNoise(a.Range("var_limit", (10, 50), low: 0), a.Double("mean", 0), a.Bool("per_channel", true), a.P(0.5), a.AlwaysApply()));
        Add(list, "MultiplicativeNoise", a => new MultiplicativeNoise(SameRange(a, "multiplier", (0.9, 1.1)), a.Bool("per_channel", false), a.Bool("elementwise", false),
            a.P(0.5), a.AlwaysApply()));
        Add(list, "ISONoise", a => new ISONoise(a.Range("color_shift", (0.01, 0.05)), a.Range("intensity", (0.1, 0.5)), a.P(0.5), a.AlwaysApply()));
        Add(list, "ImageCompression", a => new ImageCompression(a.Int("quality_lower", 99), a.Int("quality_upper", 100), CompressionType(a), a.P(0.5), a.AlwaysApply()));
        Add(list, "JpegCompression", a => new ImageCompression(a.Int("quality_lower", 99), a.Int("quality_upper", 100), 0, a.P(0.5), a.AlwaysApply()));
        // weather
        Add(list, "RandomSnow", a => new RandomSnow(a.Double("snow_point_lower", 0.1), a.Double("snow_point_upper", 0.3), a.Double("brightness_coeff", 2.5), a.P(0.5), a.AlwaysApply()));
        Add(list, "RandomRain", a => new RandomRain(a.Int("slant_lower", -10), a.Int("slant_upper", 10), a.Int("drop_length", 20), a.Int("drop_width", 1),
            a.DoubleList("drop_color")?.Select(x => (int)x).ToList(), a.Int("blur_value", 7), a.Double("brightness_coefficient", 0.7), a.NullableString("rain_type"),
            a.P(0.5), a.AlwaysApply()));
        Add(list, "RandomFog", a => new RandomFog(a.Double("fog_coef_lower", 0.3), a.Double("fog_coef_upper", 1), a.Double("alpha_coef", 0.08), a.P(0.5), a.AlwaysApply()));
        Add(list, "RandomShadow", a => new RandomShadow(a.DoubleList("shadow_roi"), a.Int("num_shadows_lower", 1), a.Int("num_shadows_upper", 2),
            a.Int("shadow_dimension", 5), a.P(0.5), a.AlwaysApply()));
        Add(list, "RandomSunFlare", a => new RandomSunFlare(a.DoubleList("flare_roi"), a.Double("angle_lower", 0), a.Double("angle_upper", 1),
            a.Int("num_flare_circles_lower", 6), a.Int("num_flare_circles_upper", 10), a.Int("src_radius", 400),
            a.DoubleList("src_color")?.Select(x => (int)x).ToList(), a.P(0.5), a.AlwaysApply()));
        Add(list, "FDA", a => new FDA(ReferenceFiles(a), a.Range("beta_limit", (0, 0.1), low: 0), a.P(0.5), a.AlwaysApply()));
        Add(list, "HistogramMatching", a => new HistogramMatching(ReferenceFiles(a), a.Range("blend_ratio", (0.5, 1.0)), a.P(0.5), a.AlwaysApply()));
        Add(list, "Superpixels", a => new Superpixels(SameRange(a, "p_replace", (0.1, 0.1)), SameIntRange(a, "n_segments", (100, 100)),
            a.Has("max_size") ? a.NullableInt("max_size") : 128, a.Int("interpolation", 1), a.P(0.5), a.AlwaysApply()));
        Add(list, "ToTensorV2", a => new ToTensorV2(a.Bool("transpose_mask", false), a.P(1), a.Bool("always_apply", true)));
        Add(list, "FancyPCA", a => new FancyPCA(a.Double("alpha", 0.1), a.P(0.5), a.AlwaysApply()));
    }

    /// <summary>A range where a number <c>t</c> means <c>(t, t)</c> (albumentations <c>to_tuple(t, t)</c>).</summary>
    private static (double Low, double High) SameRange(ArgReader a, string key, (double Low, double High) defaultValue)
    {
        var n = a.Raw(key);
        if (n is JsonValue v && v.TryGetValue<double>(out var x))
        {
            return (x, x);
        }
        return a.Range(key, defaultValue);
    }

    /// <summary>ColorJitter's ranges: a number <c>x</c> means <c>(1 − x, 1 + x)</c> clipped at 0 (factors) or <c>(−x, x)</c> (hue).</summary>
    private static (double Low, double High) JitterRange(ArgReader a, string key, double defaultValue, bool factor)
    {
        var n = a.Raw(key);
        double x;
        if (n is JsonValue v && v.TryGetValue<double>(out var parsed))
        {
            x = parsed;
        }
        else if (n is null)
        {
            x = defaultValue;
        }
        else
        {
            return a.Range(key, (0, 0));
        }
        Guard.That(x >= 0, a.Param(key), "must be non-negative");
        return factor ? (Math.Max(0, 1 - x), 1 + x) : (-x, x);
    }

    private static (int Low, int High) SameIntRange(ArgReader a, string key, (int Low, int High) defaultValue)
    {
        var r = SameRange(a, key, defaultValue);
        return ((int)r.Low, (int)r.High);
    }

    /// <summary>An integer range where a number <c>x</c> means <c>(low, x)</c> (albumentations <c>to_tuple(x, low)</c>).</summary>
    private static (int Low, int High) IntRange(ArgReader a, string key, (int Low, int High) defaultValue, int low)
    {
        var r = a.Range(key, defaultValue, low: low);
        return ((int)r.Low, (int)r.High);
    }

    private static (int Down, int Up) DownscaleInterpolation(ArgReader a)
    {
        switch (a.Raw("interpolation"))
        {
            case null:
                return (0, 0);
            case JsonObject o:
                return (o["downscale"]?.GetValue<int>() ?? 0, o["upscale"]?.GetValue<int>() ?? 0);
            case JsonValue v:
                var i = v.GetValue<int>();
                return (i, i);
            default:
                throw new TesseraArgumentException(a.Param("interpolation"), "must be an OpenCV flag or {downscale, upscale}");
        }
    }

    /// <summary>Reference image files; <c>read_fn</c> must be absent or albumentations' default <c>read_rgb_image</c>.</summary>
    private static List<string> ReferenceFiles(ArgReader a)
    {
        var readFn = a.String("read_fn", "read_rgb_image");
        Guard.That(readFn.EndsWith("read_rgb_image", StringComparison.Ordinal), a.Param("read_fn"), "only read_rgb_image (RGB files) is supported");
        var files = a.Raw("reference_images") as JsonArray;
        Guard.That(files is not null && files.Count > 0, a.Param("reference_images"), "must be a non-empty list of image files");
        return files.Select(f => f?.GetValue<string>() ?? throw new TesseraArgumentException(a.Param("reference_images"), "entries must be file names")).ToList();
    }

    private static int CompressionType(ArgReader a)
    {
        var n = a.Raw("compression_type");
        if (n is JsonValue v && v.TryGetValue<string>(out var name))
        {
            return name.ToUpperInvariant() switch
            {
                "JPEG" or "IMAGECOMPRESSIONTYPE.JPEG" => 0,
                "WEBP" or "IMAGECOMPRESSIONTYPE.WEBP" => 1,
                _ => throw new TesseraArgumentException(a.Param("compression_type"), "must be 0/JPEG or 1/WEBP"),
            };
        }
        return a.Int("compression_type", 0);
    }

    private static List<(int Low, int High)> PosterizeBits(ArgReader a)
    {
        var n = a.Raw("num_bits");
        switch (n)
        {
            case null:
                return [(4, 4)];
            case JsonValue v:
                var b = v.GetValue<int>();
                return [(b, b)];
            case JsonArray arr when arr.Count == 3:
                return arr.Select(x => x is JsonArray pair ? (pair[0]!.GetValue<int>(), pair[1]!.GetValue<int>()) : (x!.GetValue<int>(), x.GetValue<int>())).ToList();
            case JsonArray arr when arr.Count == 2 && arr.All(x => x is JsonValue):
                return [(arr[0]!.GetValue<int>(), arr[1]!.GetValue<int>())];
            default:
                throw new TesseraArgumentException(a.Param("num_bits"), "must be a number, [low, high] or three per-channel values");
        }
    }
}
