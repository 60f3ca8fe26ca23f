namespace Tessera.Data.Coco;

/// <summary>An image entry of a COCO file.</summary>
/// <param name="Id">Image id.</param>
/// <param name="FileName">File name relative to the image folder.</param>
/// <param name="Width">Columns.</param>
/// <param name="Height">Rows.</param>
public sealed record CocoImage(long Id, string FileName, int Width, int Height)
{
    /// <summary>Other fields of the image entry (license, coco_url, date_captured, …), kept as read and written back.</summary>
    public System.Text.Json.Nodes.JsonObject? Extra { get; init; }
}

/// <summary>An object annotation of a COCO file (box in [x, y, w, h] pixels; keypoints as x, y, visibility triplets).</summary>
/// <param name="Id">Annotation id.</param>
/// <param name="ImageId">Id of its image.</param>
/// <param name="CategoryId">Category id.</param>
/// <param name="Bbox">[x, y, width, height].</param>
/// <param name="Area">Area in pixels.</param>
/// <param name="IsCrowd">0 or 1.</param>
/// <param name="Keypoints">Flat x, y, v triplets, or null.</param>
/// <param name="NumKeypoints">Number of labelled keypoints (v &gt; 0).</param>
/// <param name="Segmentation">Polygons or RLE mask, or null when the file has none.</param>
public sealed record CocoAnnotation(long Id, long ImageId, long CategoryId, IReadOnlyList<double> Bbox, double Area, int IsCrowd = 0,
    IReadOnlyList<double>? Keypoints = null, int NumKeypoints = 0, CocoSegmentation? Segmentation = null)
{
    /// <summary>Other fields of the annotation (e.g. <c>attributes</c>, <c>score</c>), kept as read and written back.</summary>
    public System.Text.Json.Nodes.JsonObject? Extra { get; init; }
}

/// <summary>A category of a COCO file.</summary>
/// <param name="Id">Category id.</param>
/// <param name="Name">Name.</param>
/// <param name="Supercategory">Super-category, if any.</param>
/// <param name="Keypoints">Keypoint names, if the category has keypoints.</param>
public sealed record CocoCategory(long Id, string Name, string? Supercategory = null, IReadOnlyList<string>? Keypoints = null)
{
    /// <summary>Other fields of the category (e.g. <c>skeleton</c>), kept as read and written back.</summary>
    public System.Text.Json.Nodes.JsonObject? Extra { get; init; }
}

/// <summary>The parts of a COCO detection / keypoint file Tessera uses: images, annotations and categories.</summary>
/// <param name="Images">Images.</param>
/// <param name="Annotations">Annotations.</param>
/// <param name="Categories">Categories.</param>
public sealed record CocoDataset(IReadOnlyList<CocoImage> Images, IReadOnlyList<CocoAnnotation> Annotations, IReadOnlyList<CocoCategory> Categories)
{
    /// <summary>The <c>info</c> object, kept as read; null when absent.</summary>
    public System.Text.Json.Nodes.JsonNode? Info { get; init; }

    /// <summary>The <c>licenses</c> array, kept as read; null when absent.</summary>
    public System.Text.Json.Nodes.JsonNode? Licenses { get; init; }

    /// <summary>Other top-level fields, kept as read and written back.</summary>
    public System.Text.Json.Nodes.JsonObject? Extra { get; init; }

    /// <summary>Annotations grouped by image id (images without annotations map to an empty list).</summary>
    /// <returns>A new lookup.</returns>
    public IReadOnlyDictionary<long, IReadOnlyList<CocoAnnotation>> AnnotationsByImage()
    {
        var map = Images.ToDictionary(i => i.Id, _ => (IReadOnlyList<CocoAnnotation>)new List<CocoAnnotation>());
        foreach (var a in Annotations)
        {
            if (map.TryGetValue(a.ImageId, out var list))
            {
                ((List<CocoAnnotation>)list).Add(a);
            }
        }
        return map;
    }
}
