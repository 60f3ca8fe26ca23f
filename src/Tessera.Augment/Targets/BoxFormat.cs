using Tessera.Core.Errors;

namespace Tessera.Augment.Targets;

/// <summary>The four albumentations bounding-box formats.</summary>
public enum BoxFormat
{
    /// <summary><c>pascal_voc</c>: [x_min, y_min, x_max, y_max] in pixels.</summary>
    PascalVoc,

    /// <summary><c>albumentations</c>: [x_min, y_min, x_max, y_max] normalised to [0, 1].</summary>
    Albumentations,

    /// <summary><c>coco</c>: [x_min, y_min, width, height] in pixels.</summary>
    Coco,

    /// <summary><c>yolo</c>: [x_center, y_center, width, height] normalised to [0, 1].</summary>
    Yolo,
}

/// <summary>Names of <see cref="BoxFormat"/> values as albumentations spells them.</summary>
public static class BoxFormatNames
{
    /// <summary>The albumentations name.</summary>
    /// <param name="format">The format.</param>
    /// <returns>e.g. <c>pascal_voc</c>.</returns>
    public static string ToName(this BoxFormat format) => format switch
    {
        BoxFormat.PascalVoc => "pascal_voc",
        BoxFormat.Albumentations => "albumentations",
        BoxFormat.Coco => "coco",
        _ => "yolo",
    };

    /// <summary>Converts a box between formats (no range checks; boxes may lie partly outside the image).</summary>
    /// <param name="box">Four numbers in <paramref name="from"/>.</param>
    /// <param name="from">Source format.</param>
    /// <param name="to">Target format.</param>
    /// <param name="shape">Image shape (for the pixel formats).</param>
    /// <returns>Four numbers in <paramref name="to"/>.</returns>
    /// <exception cref="TesseraArgumentException">The box has fewer than 4 numbers.</exception>
    public static double[] Convert(IReadOnlyList<double> box, BoxFormat from, BoxFormat to, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(box);
        Guard.That(box.Count >= 4, nameof(box), "must have 4 numbers");
        return BoxProcessor.FromInternal(BoxProcessor.ToInternalUnchecked([.. box], from, shape), to, shape);
    }

    /// <summary>Parses an albumentations format name.</summary>
    /// <param name="name">e.g. <c>coco</c>.</param>
    /// <returns>The format.</returns>
    /// <exception cref="TesseraArgumentException">Unknown name.</exception>
    public static BoxFormat Parse(string name) => name switch
    {
        "pascal_voc" => BoxFormat.PascalVoc,
        "albumentations" => BoxFormat.Albumentations,
        "coco" => BoxFormat.Coco,
        "yolo" => BoxFormat.Yolo,
        _ => throw new TesseraArgumentException("format", $"unknown bbox format '{name}'; supported: pascal_voc, albumentations, coco, yolo"),
    };
}
