namespace Tessera.Data.Coco;

/// <summary>An image entry of a COCO file.</summary>
/// <param name="Id">Image id.</param>
/// <param name="FileName">File name relative to the image folder.</param>
/// <param name="Width">Columns.</param>
/// <param name="Height">Rows.</param>
/// <param name="Extra">Fields Tessera does not interpret (e.g. <c>license</c>, <c>coco_url</c>, <c>caption</c>), kept and written back.</param>
public sealed record CocoImage(long Id, string FileName, int Width, int Height, System.Text.Json.Nodes.JsonObject? Extra = null);

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
/// <param name="Extra">Fields Tessera does not interpret (e.g. <c>attributes</c>), kept and written back.</param>
public sealed record CocoAnnotation(long Id, long ImageId, long CategoryId, IReadOnlyList<double> Bbox, double Area, int IsCrowd = 0,
    IReadOnlyList<double>? Keypoints = null, int NumKeypoints = 0, CocoSegmentation? Segmentation = null, System.Text.Json.Nodes.JsonObject? Extra = null);

/// <summary>A category of a COCO file.</summary>
/// <param name="Id">Category id.</param>
/// <param name="Name">Name.</param>
/// <param name="Supercategory">Super-category, if any.</param>
/// <param name="Keypoints">Keypoint names, if the category has keypoints.</param>
/// <param name="Extra">Fields Tessera does not interpret (e.g. <c>skeleton</c>), kept and written back.</param>
public sealed record CocoCategory(long Id, string Name, string? Supercategory = null, IReadOnlyList<string>? Keypoints = null, System.Text.Json.Nodes.JsonObject? Extra = null);

/// <summary>The parts of a COCO detection / keypoint file Tessera uses: images, annotations and categories.</summary>
/// <param name="Images">Images.</param>
/// <param name="Annotations">Annotations.</param>
/// <param name="Categories">Categories.</param>
/// <param name="Extra">Top-level keys other than images, annotations and categories (e.g. <c>info</c>, <c>licenses</c>), kept and written back.</param>
public sealed record CocoDataset(IReadOnlyList<CocoImage> Images, IReadOnlyList<CocoAnnotation> Annotations, IReadOnlyList<CocoCategory> Categories,
    System.Text.Json.Nodes.JsonObject? Extra = null)
{
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
