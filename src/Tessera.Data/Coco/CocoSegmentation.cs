using Tessera.Core.Errors;

namespace Tessera.Data.Coco;

/// <summary>
/// The <c>segmentation</c> of a COCO annotation: polygons (<c>[[x1, y1, x2, y2, …], …]</c>) or a run-length mask
/// (<c>{"size": [h, w], "counts": …}</c>, compressed string or uncompressed list).
/// </summary>
/// <param name="Polygons">Polygons as flat x, y lists, or null for an RLE.</param>
/// <param name="Rle">The run-length mask, or null for polygons.</param>
/// <param name="RleCompressed">Whether the RLE is (to be) stored as pycocotools' compressed string.</param>
public sealed record CocoSegmentation(IReadOnlyList<IReadOnlyList<double>>? Polygons, CocoRle? Rle, bool RleCompressed = true)
{
    /// <summary>A segmentation from polygons.</summary>
    /// <param name="polygons">Flat x, y lists (each at least 3 points).</param>
    /// <returns>The segmentation.</returns>
    /// <exception cref="TesseraArgumentException">A polygon has an odd number of values or fewer than 3 points.</exception>
    public static CocoSegmentation FromPolygons(IReadOnlyList<IReadOnlyList<double>> polygons)
    {
        ArgumentNullException.ThrowIfNull(polygons);
        Guard.That(polygons.All(p => p.Count % 2 == 0 && p.Count >= 6), nameof(polygons), "each polygon needs an even count of at least 6 values (x, y pairs)");
        return new CocoSegmentation(polygons, null);
    }

    /// <summary>A segmentation from a binary mask, stored as compressed RLE.</summary>
    /// <param name="mask">H·W values, row-major (nonzero = inside).</param>
    /// <param name="height">Rows.</param>
    /// <param name="width">Columns.</param>
    /// <returns>The segmentation.</returns>
    public static CocoSegmentation FromMask(ReadOnlySpan<byte> mask, int height, int width) => new(null, CocoRle.Encode(mask, height, width));

    /// <summary>The mask of this segmentation: RLEs are decoded; polygons are filled by the even-odd rule at pixel centres
    /// (<c>x + 0.5, y + 0.5</c>), which can differ from pycocotools' rasterizer by one pixel along edges.</summary>
    /// <param name="height">Rows of the image.</param>
    /// <param name="width">Columns of the image.</param>
    /// <returns>A new H·W array of 0/1.</returns>
    /// <exception cref="TesseraArgumentException">The RLE's size differs from the image size.</exception>
    public byte[] ToMask(int height, int width)
    {
        if (Rle is not null)
        {
            Guard.That(Rle.Height == height && Rle.Width == width, nameof(height), $"RLE size {Rle.Height}×{Rle.Width} differs from the image's {height}×{width}");
            return Rle.Decode();
        }
        var mask = new byte[height * width];
        foreach (var poly in Polygons ?? [])
        {
            var n = poly.Count / 2;
            if (n == 0)
            {
                continue;
            }
            // only pixel centres inside the polygon's bounding box can be inside it
            double minX = double.MaxValue, maxX = double.MinValue, minY = double.MaxValue, maxY = double.MinValue;
            for (var i = 0; i < n; i++)
            {
                minX = Math.Min(minX, poly[2 * i]);
                maxX = Math.Max(maxX, poly[2 * i]);
                minY = Math.Min(minY, poly[(2 * i) + 1]);
                maxY = Math.Max(maxY, poly[(2 * i) + 1]);
            }
            var y0 = (int)Math.Clamp(Math.Floor(minY - 0.5), 0, height);
            var y1 = (int)Math.Clamp(Math.Ceiling(maxY), 0, height);
            var x0 = (int)Math.Clamp(Math.Floor(minX - 0.5), 0, width);
            var x1 = (int)Math.Clamp(Math.Ceiling(maxX), 0, width);
            for (var y = y0; y < y1; y++)
            {
                var py = y + 0.5;
                for (var x = x0; x < x1; x++)
                {
                    var px = x + 0.5;
                    var inside = false;
                    for (int i = 0, j = n - 1; i < n; j = i++)
                    {
                        double xi = poly[2 * i], yi = poly[(2 * i) + 1], xj = poly[2 * j], yj = poly[(2 * j) + 1];
                        if ((yi > py) != (yj > py) && px < ((xj - xi) * (py - yi) / (yj - yi)) + xi) { inside = !inside; }
                    }
                    if (inside) { mask[(y * width) + x] = 1; }
                }
            }
        }
        return mask;
    }
}
