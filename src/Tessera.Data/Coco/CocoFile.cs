using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Core.Errors;
using Tessera.Core.IO;

namespace Tessera.Data.Coco;

/// <summary>
/// Reads and writes COCO annotation files: images, annotations (boxes, keypoints, polygon and RLE segmentations —
/// compressed strings and uncompressed run lists) and categories. Fields Tessera does not interpret, at the top level and
/// in every entry, are kept in <c>Extra</c> and written back unchanged. Writes are atomic.
/// </summary>
public static partial class CocoFile
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Reads a COCO file.</summary>
    /// <param name="path">The JSON file.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="TesseraFormatException">The file is not COCO JSON (names the offending entry).</exception>
    public static CocoDataset Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"COCO file '{path}' does not exist", path);
        }
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new TesseraFormatException(path, e.LineNumber is { } l ? $"line {l + 1}" : null, e.Message);
        }
        if (root is not JsonObject obj)
        {
            throw new TesseraFormatException(path, null, "must be a JSON object with images, annotations and categories");
        }
        try
        {
            var images = Objects(obj, "images", path, required: true).Select((n, i) => new CocoImage(
                Long(n, "id", path, $"images[{i}]"), Str(n, "file_name", path, $"images[{i}]"),
                (int)Long(n, "width", path, $"images[{i}]"), (int)Long(n, "height", path, $"images[{i}]"))
            { Extra = Rest(n, ImageFields) }).ToList();
            var ids = new HashSet<long>();
            for (var i = 0; i < images.Count; i++)
            {
                if (!ids.Add(images[i].Id))
                {
                    throw new TesseraFormatException(path, $"images[{i}]", $"image id {images[i].Id} is used by an earlier image too; ids must be unique");
                }
            }
            var annotations = Objects(obj, "annotations", path, required: false).Select((n, i) => ReadAnnotation(n, i, ids, path)).ToList();
            var categories = Objects(obj, "categories", path, required: false).Select((n, i) => new CocoCategory(
                Long(n, "id", path, $"categories[{i}]"), n["name"]?.GetValue<string>() ?? "", n["supercategory"]?.GetValue<string>(),
                (n["keypoints"] as JsonArray)?.Select(k => k!.GetValue<string>()).ToList())
            { Extra = Rest(n, CategoryFields) }).ToList();
            return new CocoDataset(images, annotations, categories)
            {
                Info = obj["info"]?.DeepClone(),
                Licenses = obj["licenses"]?.DeepClone(),
                Extra = Rest(obj, TopFields),
            };
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new TesseraFormatException(path, null, $"unexpected value type: {e.Message}");
        }
    }

    private static readonly HashSet<string> TopFields = ["images", "annotations", "categories", "info", "licenses"];
    private static readonly HashSet<string> ImageFields = ["id", "file_name", "width", "height"];
    private static readonly HashSet<string> CategoryFields = ["id", "name", "supercategory", "keypoints"];
    private static readonly HashSet<string> AnnotationFields = ["id", "image_id", "category_id", "bbox", "area", "iscrowd", "keypoints", "num_keypoints", "segmentation"];

    private static CocoAnnotation ReadAnnotation(JsonObject n, int i, HashSet<long> imageIds, string path)
    {
        var where = $"annotations[{i}]";
        var bbox = Numbers(n["bbox"], path, where + ".bbox");
        if (bbox.Count != 4)
        {
            throw new TesseraFormatException(path, where, $"bbox must have 4 numbers [x, y, w, h] (got {bbox.Count})");
        }
        var imageId = Long(n, "image_id", path, where);
        if (!imageIds.Contains(imageId))
        {
            throw new TesseraFormatException(path, where, $"image_id {imageId} matches no entry of 'images'");
        }
        List<double>? kps = null;
        if (n["keypoints"] is { } kn)
        {
            kps = Numbers(kn, path, where + ".keypoints");
            if (kps.Count % 3 != 0)
            {
                throw new TesseraFormatException(path, where + ".keypoints", $"must hold (x, y, visibility) triples (got {kps.Count} numbers)");
            }
        }
        var segmentation = Segmentation(n["segmentation"], path, where + ".segmentation");
        return new CocoAnnotation(Long(n, "id", path, where), imageId, Long(n, "category_id", path, where), bbox,
            n["area"]?.GetValue<double>() ?? (bbox[2] * bbox[3]), (int)(n["iscrowd"]?.GetValue<double>() ?? 0), kps,
            (int)(n["num_keypoints"]?.GetValue<double>() ?? (kps is null ? 0 : Enumerable.Range(0, kps.Count / 3).Count(k => kps[(3 * k) + 2] > 0))),
            segmentation)
        {
            Extra = Rest(n, AnnotationFields),
        };
    }

    /// <summary>The entries of an array of objects; a null or non-object entry is an error naming its index.</summary>
    private static List<JsonObject> Objects(JsonObject obj, string key, string path, bool required)
    {
        var node = obj[key];
        if (node is null && !required)
        {
            return [];
        }
        if (node is not JsonArray a)
        {
            throw new TesseraFormatException(path, key, $"'{key}' must be an array");
        }
        var list = new List<JsonObject>(a.Count);
        for (var i = 0; i < a.Count; i++)
        {
            list.Add(a[i] as JsonObject ?? throw new TesseraFormatException(path, $"{key}[{i}]", $"must be an object (got {a[i]?.ToJsonString() ?? "null"})"));
        }
        return list;
    }

    /// <summary>The fields of <paramref name="n"/> not in <paramref name="known"/>, copied; null when there are none.</summary>
    private static JsonObject? Rest(JsonObject n, HashSet<string> known)
    {
        var rest = n.Where(kv => !known.Contains(kv.Key)).ToList();
        return rest.Count == 0 ? null : new JsonObject(rest.Select(kv => new KeyValuePair<string, JsonNode?>(kv.Key, kv.Value?.DeepClone())));
    }

    /// <summary>Writes a COCO file atomically.</summary>
    /// <param name="path">Destination.</param>
    /// <param name="dataset">The dataset.</param>
    public static void Write(string path, CocoDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(dataset);
        AtomicFile.WriteAllText(path, ToJson(dataset));
    }

    /// <summary>The COCO JSON text of a dataset.</summary>
    /// <param name="dataset">The dataset.</param>
    /// <returns>Indented JSON.</returns>
    public static string ToJson(CocoDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var root = new JsonObject
        {
            ["images"] = new JsonArray(dataset.Images.Select(i => (JsonNode?)WithExtra(new JsonObject
            {
                ["id"] = i.Id, ["file_name"] = i.FileName, ["width"] = i.Width, ["height"] = i.Height,
            }, i.Extra)).ToArray()),
            ["annotations"] = new JsonArray(dataset.Annotations.Select(a =>
            {
                var o = new JsonObject
                {
                    ["id"] = a.Id,
                    ["image_id"] = a.ImageId,
                    ["category_id"] = a.CategoryId,
                    ["bbox"] = new JsonArray(a.Bbox.Select(v => (JsonNode?)v).ToArray()),
                    ["area"] = a.Area,
                    ["iscrowd"] = a.IsCrowd,
                };
                if (a.Keypoints is not null)
                {
                    o["keypoints"] = new JsonArray(a.Keypoints.Select(v => (JsonNode?)v).ToArray());
                    o["num_keypoints"] = a.NumKeypoints;
                }
                if (a.Segmentation is not null)
                {
                    o["segmentation"] = SegmentationJson(a.Segmentation);
                }
                return (JsonNode?)WithExtra(o, a.Extra);
            }).ToArray()),
            ["categories"] = new JsonArray(dataset.Categories.Select(c =>
            {
                var o = new JsonObject { ["id"] = c.Id, ["name"] = c.Name };
                if (c.Supercategory is not null)
                {
                    o["supercategory"] = c.Supercategory;
                }
                if (c.Keypoints is not null)
                {
                    o["keypoints"] = new JsonArray(c.Keypoints.Select(k => (JsonNode?)k).ToArray());
                }
                return (JsonNode?)WithExtra(o, c.Extra);
            }).ToArray()),
        };
        if (dataset.Info is not null)
        {
            root["info"] = dataset.Info.DeepClone();
        }
        if (dataset.Licenses is not null)
        {
            root["licenses"] = dataset.Licenses.DeepClone();
        }
        WithExtra(root, dataset.Extra);
        return root.ToJsonString(Indented);
    }

    private static JsonObject WithExtra(JsonObject o, JsonObject? extra)
    {
        foreach (var (k, v) in extra ?? [])
        {
            o.TryAdd(k, v?.DeepClone());
        }
        return o;
    }

    private static CocoSegmentation? Segmentation(JsonNode? n, string path, string where)
    {
        switch (n)
        {
            case null:
                return null;
            case JsonArray polygons:
                var list = new List<IReadOnlyList<double>>();
                for (var p = 0; p < polygons.Count; p++)
                {
                    var values = Numbers(polygons[p], path, $"{where}[{p}]");
                    if (values.Count % 2 != 0 || values.Count < 6)
                    {
                        throw new TesseraFormatException(path, $"{where}[{p}]", $"a polygon needs an even count of at least 6 values (got {values.Count})");
                    }
                    list.Add(values);
                }
                return new CocoSegmentation(list, null);
            case JsonObject rle:
                var size = rle["size"] is JsonArray s ? Numbers(s, path, where + ".size") : null;
                if (size is not { Count: 2 } || size.Any(v => v < 0 || v != Math.Floor(v)))
                {
                    throw new TesseraFormatException(path, where + ".size", "an RLE needs \"size\": [height, width]");
                }
                var (h, w) = ((int)size[0], (int)size[1]);
                try
                {
                    return rle["counts"] switch
                    {
                        JsonValue v when v.TryGetValue<string>(out var text) => new CocoSegmentation(null, CocoRle.FromCompressedString(text, h, w), true),
                        JsonArray counts => new CocoSegmentation(null, new CocoRle(h, w, Numbers(counts, path, where + ".counts").Select(c => (long)c).ToList()), false),
                        _ => throw new TesseraFormatException(path, where + ".counts", "an RLE needs \"counts\" as a string (compressed) or a list of run lengths"),
                    };
                }
                catch (TesseraArgumentException e)
                {
                    throw new TesseraFormatException(path, where + ".counts", e.Rule);
                }
            default:
                throw new TesseraFormatException(path, where, "must be a list of polygons or an RLE object {counts, size}");
        }
    }

    private static JsonNode SegmentationJson(CocoSegmentation s)
    {
        if (s.Rle is { } rle)
        {
            return new JsonObject
            {
                ["size"] = new JsonArray(rle.Height, rle.Width),
                ["counts"] = s.RleCompressed ? rle.ToCompressedString() : new JsonArray([.. rle.Counts.Select(c => (JsonNode?)c)]),
            };
        }
        return new JsonArray([.. (s.Polygons ?? []).Select(p => (JsonNode?)new JsonArray([.. p.Select(v => (JsonNode?)v)]))]);
    }

    private static long Long(JsonNode? n, string key, string path, string where)
    {
        var v = n?[key] ?? throw new TesseraFormatException(path, where, $"'{key}' is missing");
        if (v is not JsonValue value || value.GetValueKind() != JsonValueKind.Number)
        {
            throw new TesseraFormatException(path, where, $"'{key}' must be a number (got {v.ToJsonString()})");
        }
        var d = value.GetValue<double>();
        if (d != Math.Floor(d))
        {
            throw new TesseraFormatException(path, where, $"'{key}' must be an integer (got {d})");
        }
        return (long)d;
    }

    private static string Str(JsonNode? n, string key, string path, string where)
        => n?[key]?.GetValue<string>() ?? throw new TesseraFormatException(path, where, $"'{key}' is missing");

    private static List<double> Numbers(JsonNode? n, string path, string where)
    {
        if (n is not JsonArray a)
        {
            throw new TesseraFormatException(path, where, "must be an array of numbers");
        }
        return a.Select((x, i) => x is JsonValue v && v.GetValueKind() == JsonValueKind.Number && double.IsFinite(v.GetValue<double>())
            ? v.GetValue<double>()
            : throw new TesseraFormatException(path, $"{where}[{i}]", $"must be a finite number (got {x?.ToJsonString() ?? "null"})")).ToList();
    }
}
