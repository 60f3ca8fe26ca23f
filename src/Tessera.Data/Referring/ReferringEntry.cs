using Tessera.Data.Coco;

namespace Tessera.Data.Referring;

/// <summary>One referring expression: an image, a phrase and the region it names.</summary>
/// <param name="TaskId">Entry id (PhraseCut's <c>task_id</c>).</param>
/// <param name="ImagePath">Image path, resolved against the JSON file's folder.</param>
/// <param name="ImageId">Image id.</param>
/// <param name="Phrase">The phrase.</param>
/// <param name="Mask">The region as an RLE, or null when given as polygons.</param>
/// <param name="Polygons">The region as polygons (flat x, y lists), or null.</param>
/// <param name="Boxes">Boxes of the referred instances, [x, y, w, h].</param>
public sealed record ReferringEntry(string TaskId, string ImagePath, long ImageId, string Phrase, CocoRle? Mask,
    IReadOnlyList<IReadOnlyList<double>>? Polygons, IReadOnlyList<IReadOnlyList<double>> Boxes)
{
    /// <summary>The region as a row-major 0/1 mask of the image size.</summary>
    /// <param name="height">Image rows.</param>
    /// <param name="width">Image columns.</param>
    /// <returns>A new H·W array.</returns>
    public byte[] ToMask(int height, int width) => new CocoSegmentation(Polygons, Mask).ToMask(height, width);
}
