using System.Globalization;
using System.Text.Json.Nodes;
using Tessera.Core.Parity;
using Tessera.Geometry.Cleaning;
using Tessera.Geometry.IO;
using Tessera.Geometry.Topology;

namespace Tessera.Geometry.Parity;

/// <summary>Cases of <c>topology.json</c>: every mesh's facts, the cleaning recipe and the PLY/STL variants.</summary>
internal static class TopologyParity
{
    /// <summary>Relative tolerance for areas, volumes and bounds (the fixture prints 12 significant digits).</summary>
    public const double RelativeTolerance = 1e-9;

    private static readonly string[] SkippedKeys = ["file", "description", "crosscheck"];

    public static IReadOnlyList<ParityCase> Cases(string dir, JsonNode root)
    {
        var cases = new List<ParityCase>();
        foreach (var (name, node) in root["meshes"]!.AsObject())
        {
            var expected = node!.AsObject();
            cases.Add(new ParityCase(name, _ => CheckMesh(dir, expected)));
        }
        if (root["dirty_cleaned"] is JsonObject cleaned)
        {
            cases.Add(new ParityCase("dirty_cleaned", _ => CheckCleaned(dir, cleaned)));
        }
        if (root["format_variants"] is JsonObject variants)
        {
            foreach (var (mesh, v) in variants)
            {
                foreach (var (format, spec) in v!.AsObject())
                {
                    var s = spec!.AsObject();
                    var m = mesh;
                    cases.Add(new ParityCase($"{mesh}.{format}", _ => CheckVariant(dir, m, format, s)));
                }
            }
        }
        return cases;
    }

    private static ParityOutcome CheckMesh(string dir, JsonObject expected)
    {
        var mesh = MeshFile.Read(Path.Combine(dir, expected["file"]!.GetValue<string>()));
        var actual = TopologyJson.ToFixtureJson(TopologyAnalyzer.Analyze(mesh));
        var filtered = new JsonObject();
        foreach (var (k, v) in expected)
        {
            if (!SkippedKeys.Contains(k)) { filtered[k] = v?.DeepClone(); }
        }
        var diffs = JsonFacts.Compare(filtered, actual, "", RelativeTolerance);
        return ParityOutcome.Exact("mismatched_facts", diffs.Count, diffs.Count == 0 ? null : string.Join("; ", diffs.Take(5)));
    }

    private static ParityOutcome CheckCleaned(string dir, JsonObject expected)
    {
        var dirty = MeshFile.Read(Path.Combine(dir, "meshes", "dirty.obj"));
        var (cleaned, _) = MeshCleaner.Clean(dirty, new CleanOptions { DropDuplicateFaces = false, OrientConsistently = false });
        var report = TopologyJson.ToFixtureJson(TopologyAnalyzer.Analyze(cleaned));
        var facts = new JsonObject();
        foreach (var (k, v) in expected)
        {
            if (k is "recipe" or "identical_to") { continue; }
            facts[k] = v?.DeepClone();
        }
        var diffs = JsonFacts.Compare(facts, report, "", RelativeTolerance);
        var reference = MeshFile.Read(Path.Combine(dir, expected["identical_to"]!.GetValue<string>()));
        if (!reference.Positions.SequenceEqual(cleaned.Positions)) { diffs.Add("vertices differ from " + expected["identical_to"]); }
        if (!reference.Triangles.SequenceEqual(cleaned.Triangles)) { diffs.Add("faces differ from " + expected["identical_to"]); }
        return ParityOutcome.Exact("mismatched_facts", diffs.Count, diffs.Count == 0 ? null : string.Join("; ", diffs.Take(5)));
    }

    private static ParityOutcome CheckVariant(string dir, string mesh, string format, JsonObject spec)
    {
        var reference = MeshFile.Read(Path.Combine(dir, "meshes", mesh + ".obj"));
        var variant = MeshFile.Read(Path.Combine(dir, spec["file"]!.GetValue<string>()));
        var outcomes = new List<ParityOutcome>();
        var inv = CultureInfo.InvariantCulture;
        if (spec["V"] is { } v) { outcomes.Add(ParityOutcome.Exact("V", Math.Abs(variant.VertexCount - v.GetValue<int>()))); }
        if (spec["V_after_exact_weld"] is { } w) { outcomes.Add(ParityOutcome.Exact("V_after_exact_weld", Math.Abs(variant.VertexCount - w.GetValue<int>()))); }
        var f = (spec["F"] ?? spec["triangles"])!.GetValue<int>();
        outcomes.Add(ParityOutcome.Exact("F", Math.Abs(variant.FaceCount - f)));
        if (variant.VertexCount == reference.VertexCount && variant.FaceCount == reference.FaceCount)
        {
            // Vertex correspondence: same index for PLY; for STL (vertices numbered by first appearance) the OBJ
            // vertex whose float32-rounded position equals the welded corner.
            var map = new int[variant.VertexCount];
            if (format == "stl")
            {
                var byKey = new Dictionary<(float, float, float), int>();
                for (var i = 0; i < reference.VertexCount; i++)
                {
                    var p = reference.Positions[i];
                    byKey.TryAdd(((float)p.X, (float)p.Y, (float)p.Z), i);
                }
                for (var i = 0; i < variant.VertexCount; i++)
                {
                    var p = variant.Positions[i];
                    map[i] = byKey.TryGetValue(((float)p.X, (float)p.Y, (float)p.Z), out var j) ? j : -1;
                }
            }
            else
            {
                for (var i = 0; i < map.Length; i++) { map[i] = i; }
            }
            var unmatched = map.Count(m => m < 0);
            outcomes.Add(ParityOutcome.Exact("unmatched_vertices", unmatched));
            if (unmatched == 0)
            {
                var mismatched = 0;
                for (var i = 0; i < reference.Triangles.Length; i++) { if (reference.Triangles[i] != map[variant.Triangles[i]]) { mismatched++; } }
                outcomes.Add(ParityOutcome.Exact("connectivity", mismatched, "faces must equal the OBJ's"));
                var diag = reference.BoundingDiagonal();
                double maxDev = 0;
                for (var i = 0; i < variant.VertexCount; i++)
                {
                    maxDev = Math.Max(maxDev, (reference.Positions[map[i]] - variant.Positions[i]).Length / diag);
                }
                var limit = spec["max_vertex_deviation_rel"]!.GetValue<double>();
                // The fixture's value is the float32 rounding error itself; allow for its 17-digit printing.
                outcomes.Add(ParityOutcome.AtMost("max_vertex_deviation_rel", maxDev, (limit * (1 + 1e-9)) + 1e-300,
                    string.Create(inv, $"{format} vs OBJ")));
            }
        }
        return ParityOutcome.All(outcomes);
    }
}
