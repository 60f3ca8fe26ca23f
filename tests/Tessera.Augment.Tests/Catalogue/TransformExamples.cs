namespace Tessera.Augment.Tests.Catalogue;

/// <summary>
/// One serialized example (albumentations 1.3.1 form, p = 1) per catalogue transform, sized for the 48×64 test
/// sample. Every transform in the catalogue must have one (checked by a test), so the catalogue theories cover all.
/// </summary>
internal static class TransformExamples
{
    public static readonly IReadOnlyDictionary<string, string> Json = PixelTransformExamples.With(new Dictionary<string, string>
    {
        ["VerticalFlip"] = """{"__class_fullname__": "VerticalFlip", "p": 1.0}""",
        ["HorizontalFlip"] = """{"__class_fullname__": "HorizontalFlip", "p": 1.0}""",
        ["Flip"] = """{"__class_fullname__": "Flip", "p": 1.0}""",
        ["Transpose"] = """{"__class_fullname__": "Transpose", "p": 1.0}""",
        ["RandomRotate90"] = """{"__class_fullname__": "RandomRotate90", "p": 1.0}""",
        ["Rotate"] = """{"__class_fullname__": "Rotate", "p": 1.0, "limit": [-40, 40], "border_mode": 0, "value": [1, 2, 3], "mask_value": 9, "rotate_method": "ellipse"}""",
        ["SafeRotate"] = """{"__class_fullname__": "SafeRotate", "p": 1.0, "limit": 30}""",
        ["ShiftScaleRotate"] = """{"__class_fullname__": "ShiftScaleRotate", "p": 1.0, "shift_limit": 0.1, "scale_limit": 0.2, "rotate_limit": 20}""",
        ["Affine"] = """{"__class_fullname__": "Affine", "p": 1.0, "scale": [0.8, 1.2], "translate_percent": {"x": [-0.1, 0.1], "y": [0, 0.05]}, "rotate": [-20, 20], "shear": {"x": [-5, 5]}, "fit_output": true}""",
        ["Perspective"] = """{"__class_fullname__": "Perspective", "p": 1.0, "scale": [0.05, 0.1]}""",
        ["RandomCrop"] = """{"__class_fullname__": "RandomCrop", "p": 1.0, "height": 30, "width": 40}""",
        ["CenterCrop"] = """{"__class_fullname__": "CenterCrop", "p": 1.0, "height": 30, "width": 40}""",
        ["Crop"] = """{"__class_fullname__": "Crop", "p": 1.0, "x_min": 3, "y_min": 4, "x_max": 50, "y_max": 40}""",
        ["CropNonEmptyMaskIfExists"] = """{"__class_fullname__": "CropNonEmptyMaskIfExists", "p": 1.0, "height": 20, "width": 24}""",
        ["RandomSizedCrop"] = """{"__class_fullname__": "RandomSizedCrop", "p": 1.0, "min_max_height": [20, 40], "height": 32, "width": 32}""",
        ["RandomResizedCrop"] = """{"__class_fullname__": "RandomResizedCrop", "p": 1.0, "height": 32, "width": 40}""",
        ["RandomCropNearBBox"] = """{"__class_fullname__": "RandomCropNearBBox", "p": 1.0, "max_part_shift": 0.2}""",
        ["RandomSizedBBoxSafeCrop"] = """{"__class_fullname__": "RandomSizedBBoxSafeCrop", "p": 1.0, "height": 32, "width": 32, "erosion_rate": 0.1}""",
        ["PadIfNeeded"] = """{"__class_fullname__": "PadIfNeeded", "p": 1.0, "min_height": 64, "min_width": 80, "border_mode": 0, "value": 7, "mask_value": 1, "position": "random"}""",
        ["Resize"] = """{"__class_fullname__": "Resize", "p": 1.0, "height": 37, "width": 51}""",
        ["LongestMaxSize"] = """{"__class_fullname__": "LongestMaxSize", "p": 1.0, "max_size": [40, 50]}""",
        ["SmallestMaxSize"] = """{"__class_fullname__": "SmallestMaxSize", "p": 1.0, "max_size": 30}""",
        ["RandomScale"] = """{"__class_fullname__": "RandomScale", "p": 1.0, "scale_limit": 0.3}""",
        ["GridDistortion"] = """{"__class_fullname__": "GridDistortion", "p": 1.0, "num_steps": 4, "distort_limit": 0.3, "normalized": true}""",
        ["OpticalDistortion"] = """{"__class_fullname__": "OpticalDistortion", "p": 1.0, "distort_limit": 0.5, "shift_limit": 0.5}""",
        ["ElasticTransform"] = """{"__class_fullname__": "ElasticTransform", "p": 1.0, "alpha": 20, "sigma": 4, "alpha_affine": 3}""",
        ["PiecewiseAffine"] = """{"__class_fullname__": "PiecewiseAffine", "p": 1.0, "scale": [0.03, 0.05], "nb_rows": 4, "nb_cols": 4}""",
        ["RandomGridShuffle"] = """{"__class_fullname__": "RandomGridShuffle", "p": 1.0, "grid": [3, 4]}""",
        ["Cutout"] = """{"__class_fullname__": "Cutout", "p": 1.0, "num_holes": 3, "max_h_size": 6, "max_w_size": 8}""",
        ["CoarseDropout"] = """{"__class_fullname__": "CoarseDropout", "p": 1.0, "max_holes": 5, "max_height": 8, "max_width": 8, "min_holes": 2, "min_height": 4, "min_width": 4, "fill_value": 128, "mask_fill_value": 7}""",
        ["GridDropout"] = """{"__class_fullname__": "GridDropout", "p": 1.0, "ratio": 0.4, "unit_size_min": 8, "unit_size_max": 12, "random_offset": true, "mask_fill_value": 9}""",
        ["MaskDropout"] = """{"__class_fullname__": "MaskDropout", "p": 1.0, "max_objects": 1}""",
    });
}
