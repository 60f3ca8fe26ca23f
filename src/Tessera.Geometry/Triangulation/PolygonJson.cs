using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Core.Errors;

namespace Tessera.Geometry.Triangulation;

/// <summary>
/// Reads polygons with holes from JSON: <c>{"outer": [[x, y], …], "holes": [[[x, y], …], …]}</c> (the fixtures'
/// polygon format). Every point is exactly two finite numbers; anything else is an error naming the point.
/// </summary>
public static class PolygonJson
{
    /// <summary>Reads a polygon file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The polygon.</returns>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="TesseraFormatException">Not JSON, or a ring or point breaks the format (the message names it).</exception>
    public static Polygon2 ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"polygon file '{path}' does not exist", path);
        }
        return Read(File.ReadAllText(path), path);
    }

    /// <summary>Reads a polygon from JSON text.</summary>
    /// <param name="json">The text.</param>
    /// <param name="source">Name used in errors.</param>
    /// <returns>The polygon.</returns>
    /// <exception cref="TesseraFormatException">Not JSON, or a ring or point breaks the format.</exception>
    public static Polygon2 Read(string json, string source = "polygon")
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? doc;
        try
        {
            doc = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new TesseraFormatException(source, e.LineNumber is { } l ? $"line {l + 1}" : null, e.Message);
        }
        if (doc is not JsonObject obj)
        {
            throw new TesseraFormatException(source, null, "must be a JSON object with an \"outer\" ring");
        }
        if (obj["outer"] is not JsonArray outer)
        {
            throw new TesseraFormatException(source, null, "missing \"outer\" ring (an array of [x, y] points)");
        }
        var holes = new List<IReadOnlyList<Vec2>>();
        if (obj["holes"] is { } hs)
        {
            if (hs is not JsonArray holeArray)
            {
                throw new TesseraFormatException(source, "holes", "must be an array of rings");
            }
            for (var i = 0; i < holeArray.Count; i++)
            {
                if (holeArray[i] is not JsonArray h)
                {
                    throw new TesseraFormatException(source, $"holes[{i}]", "must be an array of [x, y] points");
                }
                holes.Add(Ring(h, source, $"holes[{i}]"));
            }
        }
        var ring = Ring(outer, source, "outer");
        try
        {
            return new Polygon2(ring, holes);
        }
        catch (TesseraArgumentException e)
        {
            throw new TesseraFormatException($"{source}: {e.Message}", e);
        }
    }

    private static List<Vec2> Ring(JsonArray a, string source, string what)
    {
        var list = new List<Vec2>(a.Count);
        for (var i = 0; i < a.Count; i++)
        {
            if (a[i] is not JsonArray xy || xy.Count != 2)
            {
                var got = a[i] is JsonArray arr ? $"{arr.Count} numbers" : a[i]?.ToJsonString() ?? "null";
                throw new TesseraFormatException(source, $"{what}[{i}]", $"a point must be exactly [x, y] (got {got})");
            }
            list.Add(new Vec2(Coordinate(xy[0], source, what, i), Coordinate(xy[1], source, what, i)));
        }
        return list;
    }

    private static double Coordinate(JsonNode? n, string source, string what, int index)
    {
        if (n is JsonValue v && v.GetValueKind() == JsonValueKind.Number && double.IsFinite(v.GetValue<double>()))
        {
            return v.GetValue<double>();
        }
        throw new TesseraFormatException(source, $"{what}[{index}]", $"coordinates must be finite numbers (got {n?.ToJsonString() ?? "null"})");
    }
}
