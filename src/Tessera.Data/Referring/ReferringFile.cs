using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Core.Errors;
using Tessera.Data.Coco;

namespace Tessera.Data.Referring;

/// <summary>
/// Reads referring-expression files: a JSON list of entries with a phrase and the region it names. Two layouts are
/// accepted per entry: Tessera's (<c>image</c> path, <c>phrase</c>, <c>mask</c> RLE <c>{size, counts}</c>, <c>boxes</c>;
/// what <c>tessera world generate</c> writes) and PhraseCut's (<c>image_id</c>, <c>phrase</c>, <c>Polygons</c> as
/// instance → polygon → [x, y] points, <c>instance_boxes</c>; the image is <c>images/IMAGE_ID.jpg</c>).
/// </summary>
public static class ReferringFile
{
    /// <summary>Reads a file.</summary>
    /// <param name="path">The JSON file.</param>
    /// <returns>The entries in file order.</returns>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="TesseraFormatException">Not a JSON list, or an entry lacks a phrase or region (file and entry named).</exception>
    public static IReadOnlyList<ReferringEntry> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) { throw new FileNotFoundException($"referring file '{path}' does not exist", path); }
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new TesseraFormatException(path, e.LineNumber is { } l ? $"line {l + 1}" : null, e.Message);
        }
        if (root is not JsonArray entries) { throw new TesseraFormatException(path, null, "must be a JSON list of entries"); }
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var result = new List<ReferringEntry>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var where = $"[{i}]";
            if (entries[i] is not JsonObject e) { throw new TesseraFormatException(path, where, "entry must be an object"); }
            try
            {
                var phrase = e["phrase"]?.GetValue<string>() ?? throw new TesseraFormatException(path, where, "'phrase' is missing");
                var imageId = e["image_id"] is JsonValue id ? (long)id.GetValue<double>() : i;
                var image = e["image"]?.GetValue<string>() ?? Path.Combine("images", $"{imageId}.jpg");
                var boxes = (e["boxes"] ?? e["instance_boxes"]) is JsonArray b
                    ? b.Select(x => (IReadOnlyList<double>)((JsonArray)x!).Select(v => v!.GetValue<double>()).ToList()).ToList()
                    : [];
                CocoRle? mask = null;
                List<IReadOnlyList<double>>? polygons = null;
                if (e["mask"] is JsonObject m)
                {
                    var size = (JsonArray)m["size"]!;
                    var (h, w) = ((int)size[0]!.GetValue<double>(), (int)size[1]!.GetValue<double>());
                    mask = m["counts"] is JsonArray counts
                        ? new CocoRle(h, w, counts.Select(c => (long)c!.GetValue<double>()).ToList())
                        : CocoRle.FromCompressedString(m["counts"]!.GetValue<string>(), h, w);
                }
                else if (e["Polygons"] is JsonArray instances)
                {
                    polygons = [.. instances.SelectMany(inst => ((JsonArray)inst!).Select(poly =>
                        (IReadOnlyList<double>)((JsonArray)poly!).SelectMany(pt => ((JsonArray)pt!).Select(v => v!.GetValue<double>())).ToList()))];
                    if (polygons.Any(p => p.Count < 6 || p.Count % 2 != 0))
                    {
                        throw new TesseraFormatException(path, where + ".Polygons", "every polygon needs at least 3 [x, y] points");
                    }
                }
                else
                {
                    throw new TesseraFormatException(path, where, "needs a region: 'mask' (RLE {size, counts}) or 'Polygons' (PhraseCut)");
                }
                var task = e["task_id"]?.ToString() ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                result.Add(new ReferringEntry(task, Path.GetFullPath(Path.Combine(folder, image)), imageId, phrase, mask, polygons, boxes));
            }
            catch (Exception ex) when (ex is InvalidOperationException or FormatException or InvalidCastException or NullReferenceException or TesseraArgumentException)
            {
                throw new TesseraFormatException(path, where, $"malformed entry: {ex.Message}");
            }
        }
        return result;
    }
}
