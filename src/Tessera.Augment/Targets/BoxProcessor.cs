using System.Globalization;
using Tessera.Core.Errors;

namespace Tessera.Augment.Targets;

/// <summary>Converts boxes between the user's format and the internal normalised one, checks and filters them (albumentations <c>bbox_utils</c>).</summary>
internal static class BoxProcessor
{
    public static NormalizedBox ToInternal(double[] box, BoxFormat format, ImageShape shape, int tag)
    {
        var n = ToInternalUnchecked(box, format, shape, tag);
        Check(n, box, tag);
        return n;
    }

    /// <summary>Converts without the range checks (for drawing boxes that may lie partly outside).</summary>
    public static NormalizedBox ToInternalUnchecked(double[] box, BoxFormat format, ImageShape shape, int tag = 0)
    {
        Guard.That(box is not null && box.Length >= 4, "bboxes", $"bbox {tag} must have 4 coordinates");
        for (var i = 0; i < 4; i++)
        {
            Guard.That(double.IsFinite(box[i]), "bboxes", $"bbox {tag} has a non-finite coordinate ({Fmt(box)})");
        }
        double a = box[0], b = box[1], c = box[2], d = box[3];
        double w = shape.Width, h = shape.Height;
        NormalizedBox n;
        switch (format)
        {
            case BoxFormat.PascalVoc:
                n = new NormalizedBox(a / w, b / h, c / w, d / h, tag);
                break;
            case BoxFormat.Coco:
                n = new NormalizedBox(a / w, b / h, (a + c) / w, (b + d) / h, tag);
                break;
            case BoxFormat.Yolo:
                for (var i = 0; i < 4; i++)
                {
                    Guard.That(box[i] > 0 && box[i] <= 1, "bboxes",
                        $"yolo bbox {tag} ({Fmt(box)}) must have every value in (0, 1]");
                }
                n = new NormalizedBox(a - (c / 2), b - (d / 2), a + (c / 2), b + (d / 2), tag);
                break;
            default:
                n = new NormalizedBox(a, b, c, d, tag);
                break;
        }
        return n;
    }

    public static double[] FromInternal(NormalizedBox n, BoxFormat format, ImageShape shape)
    {
        double w = shape.Width, h = shape.Height;
        return format switch
        {
            BoxFormat.PascalVoc => [n.XMin * w, n.YMin * h, n.XMax * w, n.YMax * h],
            BoxFormat.Coco => [n.XMin * w, n.YMin * h, (n.XMax * w) - (n.XMin * w), (n.YMax * h) - (n.YMin * h)],
            BoxFormat.Yolo => [(n.XMin + n.XMax) / 2, (n.YMin + n.YMax) / 2, n.XMax - n.XMin, n.YMax - n.YMin],
            _ => [n.XMin, n.YMin, n.XMax, n.YMax],
        };
    }

    /// <summary>albumentations <c>check_bbox</c>: corners in [0, 1] (up to numpy's isclose) and max &gt; min.</summary>
    public static void Check(NormalizedBox n, double[] original, int tag)
    {
        ReadOnlySpan<double> v = [n.XMin, n.YMin, n.XMax, n.YMax];
        string[] names = ["x_min", "y_min", "x_max", "y_max"];
        for (var i = 0; i < 4; i++)
        {
            var ok = (v[i] >= 0 && v[i] <= 1) || IsClose(v[i], 0) || IsClose(v[i], 1);
            Guard.That(ok, "bboxes", string.Create(CultureInfo.InvariantCulture,
                $"{names[i]} of bbox {tag} ({Fmt(original)}) must lie inside the image (normalised value {v[i]} not in [0, 1])"));
        }
        Guard.That(n.XMax > n.XMin, "bboxes", $"bbox {tag} ({Fmt(original)}) must have x_max > x_min");
        Guard.That(n.YMax > n.YMin, "bboxes", $"bbox {tag} ({Fmt(original)}) must have y_max > y_min");
    }

    /// <summary>albumentations 1.3.1 <c>filter_bboxes</c>: clip to the image, drop empty, small or mostly hidden boxes.</summary>
    public static List<NormalizedBox> Filter(IReadOnlyList<NormalizedBox> boxes, ImageShape shape, BboxParams p)
    {
        var result = new List<NormalizedBox>(boxes.Count);
        foreach (var b in boxes)
        {
            var before = Area(b, shape);
            var c = new NormalizedBox(Math.Clamp(b.XMin, 0, 1), Math.Clamp(b.YMin, 0, 1), Math.Clamp(b.XMax, 0, 1), Math.Clamp(b.YMax, 0, 1), b.Tag);
            var after = Area(c, shape);
            var width = (c.XMax * shape.Width) - (c.XMin * shape.Width);
            var height = (c.YMax * shape.Height) - (c.YMin * shape.Height);
            if (after != 0 && after >= p.MinArea && after / before >= p.MinVisibility && width >= p.MinWidth && height >= p.MinHeight)
            {
                result.Add(c);
            }
        }
        return result;
    }

    private static double Area(NormalizedBox b, ImageShape shape)
        => ((b.XMax * shape.Width) - (b.XMin * shape.Width)) * ((b.YMax * shape.Height) - (b.YMin * shape.Height));

    private static bool IsClose(double a, double b) => Math.Abs(a - b) <= 1e-8 + (1e-5 * Math.Abs(b));

    private static string Fmt(double[]? box) => box is null ? "null" : string.Join(", ", box.Select(x => x.ToString(CultureInfo.InvariantCulture)));
}
