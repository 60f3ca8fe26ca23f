using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Core.Errors;
using Tessera.Core.IO;

namespace Tessera.Data.Coco;

/// <summary>
/// Reads and writes COCO annotation files (the <c>images</c>, <c>annotations</c> and <c>categories</c> arrays; other
/// top-level keys are ignored on read). Writes are atomic.
/// </summary>
public static class CocoFile
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
            var images = Array(obj, "images", path).Select((n, i) => new CocoImage(
                Long(n, "id", path, $"images[{i}]"), Str(n, "file_name", path, $"images[{i}]"),
                (int)Long(n, "width", path, $"images[{i}]"), (int)Long(n, "height", path, $"images[{i}]"))).ToList();
            var annotations = (obj["annotations"] as JsonArray ?? []).Select((n, i) =>
            {
                var where = $"annotations[{i}]";
                var bbox = Numbers(n!["bbox"], path, where + ".bbox");
                if (bbox.Count != 4)
                {
                    throw new TesseraFormatException(path, where, "bbox must have 4 numbers [x, y, w, h]");
                }
                var kps = n["keypoints"] is JsonArray ? Numbers(n["keypoints"], path, where + ".keypoints") : null;
                return new CocoAnnotation(Long(n, "id", path, where), Long(n, "image_id", path, where), Long(n, "category_id", path, where), bbox,
                    n["area"]?.GetValue<double>() ?? (bbox[2] * bbox[3]), (int)(n["iscrowd"]?.GetValue<double>() ?? 0), kps,
                    (int)(n["num_keypoints"]?.GetValue<double>() ?? (kps is null ? 0 : Enumerable.Range(0, kps.Count / 3).Count(k => kps[(3 * k) + 2] > 0))));
            }).ToList();
            var categories = (obj["categories"] as JsonArray ?? []).Select((n, i) => new CocoCategory(
                Long(n, "id", path, $"categories[{i}]"), n!["name"]?.GetValue<string>() ?? "", n["supercategory"]?.GetValue<string>(),
                (n["keypoints"] as JsonArray)?.Select(k => k!.GetValue<string>()).ToList())).ToList();
            return new CocoDataset(images, annotations, categories);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new TesseraFormatException(path, null, $"unexpected value type: {e.Message}");
        }
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
            ["images"] = new JsonArray(dataset.Images.Select(i => (JsonNode?)new JsonObject
            {
                ["id"] = i.Id, ["file_name"] = i.FileName, ["width"] = i.Width, ["height"] = i.Height,
            }).ToArray()),
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
                return (JsonNode?)o;
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
                return (JsonNode?)o;
            }).ToArray()),
        };
        return root.ToJsonString(Indented);
    }

    private static JsonArray Array(JsonObject obj, string key, string path)
        => obj[key] as JsonArray ?? throw new TesseraFormatException(path, key, $"'{key}' must be an array");

    private static long Long(JsonNode? n, string key, string path, string where)
    {
        var v = n?[key] ?? throw new TesseraFormatException(path, where, $"'{key}' is missing");
        var d = v.GetValue<double>();
        if (d != Math.Floor(d))
        {
            throw new TesseraFormatException(path, where, $"'{key}' must be an integer (got {d})");
        }
        return (long)d;
    }

    private static string Str(JsonNode? n, string key, string path, string where)
        => n?[key]?.GetValue<string>() ?? throw new TesseraFormatException(path, where, $"'{key}' is missing");

    private static List<double> Numbers(JsonNode? n, string path, string where)
        => n is JsonArray a ? a.Select(x => x!.GetValue<double>()).ToList() : throw new TesseraFormatException(path, where, "must be an array of numbers");
}
