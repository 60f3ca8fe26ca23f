using Tessera.Augment.Common;
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
        Add(list, "RandomBrightnessContrast", a => new RandomBrightnessContrast(a.Limit("brightness_limit"), a.Limit("contrast_limit"),
            a.Bool("brightness_by_max", true), a.P(0.5), a.AlwaysApply()));
        // albumentations 1.3.1's deprecated aliases: they load as the transform they stand for (and are written back as it)
        Add(list, "RandomBrightness", a => new RandomBrightnessContrast(a.Limit("limit"), (0, 0), true, a.P(0.5), a.AlwaysApply()));
        Add(list, "RandomContrast", a => new RandomBrightnessContrast((0, 0), a.Limit("limit"), true, a.P(0.5), a.AlwaysApply()));
        Add(list, "RandomGamma", a => new RandomGamma(a.Limit("gamma_limit"), a.NullableDouble("eps"), a.P(0.5), a.AlwaysApply()));
        Add(list, "HueSaturationValue", a => new HueSaturationValue(a.Limit("hue_shift_limit"), a.Limit("sat_shift_limit"),
            a.Limit("val_shift_limit"), a.P(0.5), a.AlwaysApply()));
        Add(list, "RGBShift", a => new RGBShift(a.Limit("r_shift_limit"), a.Limit("g_shift_limit"), a.Limit("b_shift_limit"),
            a.P(0.5), a.AlwaysApply()));
        Add(list, "ToGray", a => new ToGray(a.P(0.5), a.AlwaysApply()));
        Add(list, "ToSepia", a => new ToSepia(a.P(0.5), a.AlwaysApply()));
        Add(list, "InvertImg", a => new InvertImg(a.P(0.5), a.AlwaysApply()));
        Add(list, "Solarize", a => new Solarize(a.Limit("threshold"), a.P(0.5), a.AlwaysApply()));
        Add(list, "Posterize", a => new Posterize(PosterizeBits(a), a.P(0.5), a.AlwaysApply()));
        Add(list, "ChannelShuffle", a => new ChannelShuffle(a.P(0.5), a.AlwaysApply()));
        Add(list, "ChannelDropout", a => new ChannelDropout(a.IntPair("channel_drop_range", (1, 1)), a.Double("fill_value", 0), a.P(0.5), a.AlwaysApply()));
        Add(list, "RandomToneCurve", a => new RandomToneCurve(a.Double("scale", 0.1), a.P(0.5), a.AlwaysApply()));
        Add(list, "ColorJitter", a => new ColorJitter(a.Limit("brightness"), a.Limit("contrast"),
            a.Limit("saturation"), a.Limit("hue"), a.P(0.5), a.AlwaysApply()));
        Add(list, "Normalize", a => new Normalize(a.DoubleList("mean"), a.DoubleList("std"), a.Double("max_pixel_value", 255), a.P(1), a.AlwaysApply()));
        Add(list, "ToFloat", a => new ToFloat(a.NullableDouble("max_value"), a.P(1), a.AlwaysApply()));
        Add(list, "FromFloat", a => new FromFloat(a.String("dtype", "uint16"), a.NullableDouble("max_value"), a.P(1), a.AlwaysApply()));
        Add(list, "CLAHE", a => new CLAHE(a.Limit("clip_limit"), a.IntPair("tile_grid_size", (8, 8)), a.P(0.5), a.AlwaysApply()));
        Add(list, "Equalize", a =>
        {
            a.Has("mask_params");
            return new Equalize(a.String("mode", "cv"), a.Bool("by_channels", true), null, a.P(0.5), a.AlwaysApply());
        });
        // blur and sharpen
        Add(list, "Blur", a => new Blur(a.IntLimit("blur_limit"), a.P(0.5), a.AlwaysApply()));
        Add(list, "MedianBlur", a => new MedianBlur(a.IntLimit("blur_limit"), a.P(0.5), a.AlwaysApply()));
        Add(list, "GaussianBlur", a => new GaussianBlur(a.IntLimit("blur_limit"), a.Limit("sigma_limit"), a.P(0.5), a.AlwaysApply()));
        Add(list, "MotionBlur", a => new MotionBlur(a.IntLimit("blur_limit"), a.Bool("allow_shifted", true), a.P(0.5), a.AlwaysApply()));
        Add(list, "GlassBlur", a => new GlassBlur(a.Double("sigma", 0.7), a.Int("max_delta", 4), a.Int("iterations", 2), a.String("mode", "fast"), a.P(0.5), a.AlwaysApply()));
        Add(list, "Defocus", a => new Defocus(a.IntLimit("radius"), a.Limit("alias_blur"), a.P(0.5), a.AlwaysApply()));
        Add(list, "ZoomBlur", a => new ZoomBlur(a.Limit("max_factor"), a.Limit("step_factor"), a.P(0.5), a.AlwaysApply()));
        Add(list, "Sharpen", a => new Sharpen(a.Limit("alpha"), a.Limit("lightness"), a.P(0.5), a.AlwaysApply()));
        Add(list, "Emboss", a => new Emboss(a.Limit("alpha"), a.Limit("strength"), a.P(0.5), a.AlwaysApply()));
        Add(list, "UnsharpMask", a => new UnsharpMask(a.IntLimit("blur_limit"), a.Limit("sigma_limit"), a.Limit("alpha"),
            a.Int("threshold", 10), a.P(0.5), a.AlwaysApply()));
        Add(list, "Downscale", a =>
        {
            var (down, up) = DownscaleInterpolation(a);
            return new Downscale(a.Double("scale_min", 0.25), a.Double("scale_max", 0.25), down, up, a.P(0.5), a.AlwaysApply());
        });
        // noise and codecs
        Add(list, "GaussNoise", a => new GaussNoise(a.Limit("var_limit"), a.Double("mean", 0), a.Bool("per_channel", true), a.P(0.5), a.AlwaysApply()));
        Add(list, "MultiplicativeNoise", a => new MultiplicativeNoise(a.Limit("multiplier"), a.Bool("per_channel", false), a.Bool("elementwise", false),
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
        Add(list, "FDA", a => new FDA(ReferenceFiles(a), a.Limit("beta_limit"), a.P(0.5), a.AlwaysApply()));
        Add(list, "HistogramMatching", a => new HistogramMatching(ReferenceFiles(a), a.Range("blend_ratio", (0.5, 1.0)), a.P(0.5), a.AlwaysApply()));
        Add(list, "Superpixels", a => new Superpixels(a.Limit("p_replace"), a.IntLimit("n_segments"),
            a.Has("max_size") ? a.NullableInt("max_size") : 128, a.Interp(), a.P(0.5), a.AlwaysApply()));
        Add(list, "ToTensorV2", a => new ToTensorV2(a.Bool("transpose_mask", false), a.P(1), a.Bool("always_apply", true)));
        Add(list, "FancyPCA", a => new FancyPCA(a.Double("alpha", 0.1), a.P(0.5), a.AlwaysApply()));
    }

    private static (Interpolation Down, Interpolation Up) DownscaleInterpolation(ArgReader a)
    {
        switch (a.Raw("interpolation"))
        {
            case null:
                return (Interpolation.Nearest, Interpolation.Nearest);
            case JsonObject o:
                return ((Interpolation)(o["downscale"]?.GetValue<int>() ?? 0), (Interpolation)(o["upscale"]?.GetValue<int>() ?? 0));
            case JsonValue v:
                var i = (Interpolation)v.GetValue<int>();
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
