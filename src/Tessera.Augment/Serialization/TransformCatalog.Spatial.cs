using System.Text.Json.Nodes;
using Tessera.Augment.Common;
using Tessera.Augment.Crops;
using Tessera.Augment.Dropout;
using Tessera.Augment.Geometric;
using Tessera.Augment.Pipeline;
using Tessera.Core.Errors;

namespace Tessera.Augment.Serialization;

public static partial class TransformCatalog
{
    static partial void AddSpatialEntries(List<KeyValuePair<string, Func<ArgReader, TransformBase>>> list)
    {
        Add(list, "VerticalFlip", a => new VerticalFlip(a.P(0.5), a.AlwaysApply()));
        Add(list, "HorizontalFlip", a => new HorizontalFlip(a.P(0.5), a.AlwaysApply()));
        Add(list, "Flip", a => new Flip(a.P(0.5), a.AlwaysApply()));
        Add(list, "Transpose", a => new Transpose(a.P(0.5), a.AlwaysApply()));
        Add(list, "RandomRotate90", a => new RandomRotate90(a.P(0.5), a.AlwaysApply()));
        Add(list, "Rotate", a => new Rotate(a.Limit("limit"), a.Interp(), a.BorderMode(), a.Fill("value"), a.Fill("mask_value"),
            a.String("rotate_method", "largest_box"), a.Bool("crop_border", false), a.P(0.5), a.AlwaysApply()));
        Add(list, "SafeRotate", a => new SafeRotate(a.Limit("limit"), a.Interp(), a.BorderMode(), a.Fill("value"), a.Fill("mask_value"),
            a.P(0.5), a.AlwaysApply()));
        Add(list, "ShiftScaleRotate", ReadShiftScaleRotate);
        Add(list, "Affine", ReadAffine);
        Add(list, "Perspective", a => new Perspective(a.Limit("scale"), a.Bool("keep_size", true), a.BorderMode("pad_mode", 0),
            a.Fill("pad_val"), a.Fill("mask_pad_val"), a.Bool("fit_output", false), a.Interp(), a.P(0.5), a.AlwaysApply()));
        Add(list, "RandomCrop", a => new RandomCrop(a.Int("height", 0), a.Int("width", 0), a.P(1), a.AlwaysApply()));
        Add(list, "CenterCrop", a => new CenterCrop(a.Int("height", 0), a.Int("width", 0), a.P(1), a.AlwaysApply()));
        Add(list, "Crop", a => new Crop(a.Int("x_min", 0), a.Int("y_min", 0), a.Int("x_max", 1024), a.Int("y_max", 1024), a.P(1), a.AlwaysApply()));
        Add(list, "CropNonEmptyMaskIfExists", a => new CropNonEmptyMaskIfExists(a.Int("height", 0), a.Int("width", 0), a.DoubleList("ignore_values"),
            a.DoubleList("ignore_channels")?.Select(x => (int)x).ToArray(), a.P(1), a.AlwaysApply()));
        Add(list, "RandomSizedCrop", a =>
        {
            var (lo, hi) = a.IntPair("min_max_height", (0, 0));
            return new RandomSizedCrop((lo, hi), a.Int("height", 0), a.Int("width", 0), a.Double("w2h_ratio", 1), a.Interp(), a.P(1), a.AlwaysApply());
        });
        Add(list, "RandomResizedCrop", a => new RandomResizedCrop(a.Int("height", 0), a.Int("width", 0), a.Range("scale", (0.08, 1)),
            a.Range("ratio", (0.75, 4.0 / 3.0)), a.Interp(), a.P(1), a.AlwaysApply()));
        Add(list, "RandomCropNearBBox", a =>
        {
            var s = a.Range("max_part_shift", (0.3, 0.3), low: a.Raw("max_part_shift") is JsonValue v ? v.GetValue<double>() : null);
            return new RandomCropNearBBox((s.Low, s.High), a.String("cropping_box_key", "cropping_bbox"), a.P(1), a.AlwaysApply());
        });
        Add(list, "RandomSizedBBoxSafeCrop", a => new RandomSizedBBoxSafeCrop(a.Int("height", 0), a.Int("width", 0), a.Double("erosion_rate", 0),
            a.Interp(), a.P(1), a.AlwaysApply()));
        Add(list, "PadIfNeeded", a => new PadIfNeeded(
            a.IsPresent("min_height") ? a.NullableInt("min_height") : 1024, a.IsPresent("min_width") ? a.NullableInt("min_width") : 1024,
            a.NullableInt("pad_height_divisor"), a.NullableInt("pad_width_divisor"), a.String("position", "center"), a.BorderMode(),
            a.Fill("value"), a.Fill("mask_value"), a.P(1), a.AlwaysApply()));
        Add(list, "Resize", a => new Resize(a.Int("height", 0), a.Int("width", 0), a.Interp(), a.P(1), a.AlwaysApply()));
        Add(list, "LongestMaxSize", a => new LongestMaxSize(MaxSizes(a), a.Interp(), a.P(1), a.AlwaysApply()));
        Add(list, "SmallestMaxSize", a => new SmallestMaxSize(MaxSizes(a), a.Interp(), a.P(1), a.AlwaysApply()));
        Add(list, "GridDistortion", a => new GridDistortion(a.Int("num_steps", 5), a.Limit("distort_limit"), a.Interp(), a.BorderMode(),
            a.Fill("value"), a.Fill("mask_value"), a.Bool("normalized", false), a.P(0.5), a.AlwaysApply()));
        Add(list, "OpticalDistortion", a => new OpticalDistortion(a.Limit("distort_limit"), a.Limit("shift_limit"),
            a.Interp(), a.BorderMode(), a.Fill("value"), a.Fill("mask_value"), a.P(0.5), a.AlwaysApply()));
        Add(list, "ElasticTransform", a => new ElasticTransform(a.Double("alpha", 1), a.Double("sigma", 50), a.Double("alpha_affine", 50), a.Interp(),
            a.BorderMode(), a.Fill("value"), a.Fill("mask_value"), a.Bool("approximate", false), a.Bool("same_dxdy", false), a.P(0.5), a.AlwaysApply()));
        Add(list, "PiecewiseAffine", a =>
        {
            return new PiecewiseAffine(a.Limit("scale"), a.IntLimit("nb_rows"), a.IntLimit("nb_cols"),
                a.Int("interpolation", 1), a.Int("mask_interpolation", 0), a.Double("cval", 0), a.Double("cval_mask", 0), a.String("mode", "constant"),
                a.Bool("absolute_scale", false), a.Double("keypoints_threshold", 0.01), a.P(0.5), a.AlwaysApply());
        });
        Add(list, "RandomGridShuffle", a => new RandomGridShuffle(a.IntPair("grid", (3, 3)), a.P(0.5), a.AlwaysApply()));
        Add(list, "Cutout", a => new Cutout(a.Int("num_holes", 8), a.Int("max_h_size", 8), a.Int("max_w_size", 8), a.Fill("fill_value"), a.P(0.5), a.AlwaysApply()));
        Add(list, "CoarseDropout", a => new CoarseDropout(a.Int("max_holes", 8), a.Double("max_height", 8), a.Double("max_width", 8), a.NullableInt("min_holes"),
            a.NullableDouble("min_height"), a.NullableDouble("min_width"), a.Fill("fill_value"), a.Fill("mask_fill_value"), a.P(0.5), a.AlwaysApply()));
        Add(list, "GridDropout", a => new GridDropout(a.Double("ratio", 0.5), a.NullableInt("unit_size_min"), a.NullableInt("unit_size_max"),
            a.NullableInt("holes_number_x"), a.NullableInt("holes_number_y"), a.IsPresent("shift_x") ? a.NullableInt("shift_x") : 0,
            a.IsPresent("shift_y") ? a.NullableInt("shift_y") : 0, a.Bool("random_offset", false), a.Fill("fill_value"), a.Fill("mask_fill_value"),
            a.P(0.5), a.AlwaysApply()));
        Add(list, "MaskDropout", a =>
        {
            return new MaskDropout(a.IntLimit("max_objects"), a.Fill("image_fill_value"), a.Fill("mask_fill_value"), a.P(0.5), a.AlwaysApply());
        });
        Add(list, "RandomScale", a => new RandomScale(a.Limit("scale_limit"), a.Interp(), a.P(0.5), a.AlwaysApply()));
    }

    private static int[] MaxSizes(ArgReader a) => a.DoubleList("max_size")?.Select(x => (int)x).ToArray() ?? [1024];

    private static ShiftScaleRotate ReadShiftScaleRotate(ArgReader a)
    {
        return new ShiftScaleRotate(a.Limit("shift_limit"), a.Limit("scale_limit"), a.Limit("rotate_limit"), a.Interp(), a.BorderMode(), a.Fill("value"),
            a.Fill("mask_value"), a.Limit("shift_limit_x"), a.Limit("shift_limit_y"), a.String("rotate_method", "largest_box"), a.P(0.5), a.AlwaysApply());
    }

    private static Affine ReadAffine(ArgReader a)
    {
        var rotate = a.Raw("rotate") is { } r ? Pair(r, a.Param("rotate")) : (0, 0);
        return new Affine(Axis(a, "scale"), Axis(a, "translate_percent"), Axis(a, "translate_px"), rotate, Axis(a, "shear"), a.Interp(),
            a.Interp("mask_interpolation", 0), a.Fill("cval"), a.Fill("cval_mask"), a.BorderMode("mode", 0), a.Bool("fit_output", false),
            a.Bool("keep_ratio", false), a.String("rotate_method", "largest_box"), a.P(0.5), a.AlwaysApply());
    }

    /// <summary>albumentations <c>Affine._handle_dict_arg</c>: a number, a [lo, hi] pair, or {"x": …, "y": …}.</summary>
    private static AxisRanges? Axis(ArgReader a, string key)
    {
        var n = a.Raw(key);
        if (n is null)
        {
            return null;
        }
        if (n is JsonObject o)
        {
            Guard.That(o.ContainsKey("x") || o.ContainsKey("y"), a.Param(key), "a dict must have the key 'x' or 'y'");
            var dflt = key == "scale" ? 1.0 : 0.0;
            var x = o["x"] is { } xn ? Pair(xn, a.Param(key)) : (dflt, dflt);
            var y = o["y"] is { } yn ? Pair(yn, a.Param(key)) : (dflt, dflt);
            return new AxisRanges(x, y);
        }
        var both = Pair(n, a.Param(key));
        return new AxisRanges(both, both);
    }

    private static (double Low, double High) Pair(JsonNode n, string param)
    {
        if (n is JsonArray arr)
        {
            Guard.That(arr.Count == 2, param, "must be [low, high]");
            var lo = arr[0]!.GetValue<double>();
            var hi = arr[1]!.GetValue<double>();
            return (Math.Min(lo, hi), Math.Max(lo, hi));
        }
        var v = n.GetValue<double>();
        return (v, v);
    }
}
