using System.Text.Json.Nodes;
using Tessera.Core.Parity;
using Tessera.Geometry.Triangulation;

namespace Tessera.Geometry.Parity;

/// <summary>Cases of <c>polygons/</c>: ear clipping must give <c>expected_triangles</c> valid, non-overlapping
/// triangles whose areas sum to <c>expected_area</c> (relative tolerance 1e-9, from the README).</summary>
internal static class TriangulationParity
{
    /// <summary>Relative area tolerance (fixtures/mesh/README.md).</summary>
    public const double AreaTolerance = 1e-9;

    public static IReadOnlyList<ParityCase> Cases(string indexPath)
    {
        var dir = Path.GetDirectoryName(indexPath)!;
        var index = JsonNode.Parse(File.ReadAllText(indexPath))!;
        var cases = new List<ParityCase>();
        foreach (var p in index["polygons"]!.AsArray())
        {
            var name = p!["name"]!.GetValue<string>();
            var file = Path.Combine(dir, name + ".json");
            cases.Add(new ParityCase(name, _ => Check(file)));
        }
        return cases;
    }

    internal static Polygon2 Load(JsonNode doc)
    {
        static List<Vec2> Ring(JsonArray a) => [.. a.Select(p => new Vec2(p![0]!.GetValue<double>(), p[1]!.GetValue<double>()))];
        var outer = Ring(doc["outer"]!.AsArray());
        var holes = doc["holes"]!.AsArray().Select(h => (IReadOnlyList<Vec2>)Ring(h!.AsArray())).ToList();
        return new Polygon2(outer, holes);
    }

    private static ParityOutcome Check(string file)
    {
        var doc = JsonNode.Parse(File.ReadAllText(file))!;
        var polygon = Load(doc);
        var tris = EarClipping.Triangulate(polygon);
        var expectedCount = doc["expected_triangles"]!.GetValue<int>();
        var problems = TriangulationCheck.Problems(polygon, tris, doc["expected_area"]!.GetValue<double>(), AreaTolerance);
        return ParityOutcome.All(
        [
            ParityOutcome.Exact("triangle_count", Math.Abs((tris.Length / 3) - expectedCount)),
            ParityOutcome.Exact("invalid", problems.Count, problems.Count == 0 ? null : string.Join("; ", problems.Take(3))),
        ]);
    }
}
