using System.Globalization;
using System.Text.Json.Nodes;
using Tessera.Core.Parity;
using Tessera.Geometry.IO;
using Tessera.Geometry.Subdivision;
using Tessera.Geometry.Topology;

namespace Tessera.Geometry.Parity;

/// <summary>Cases of <c>subdivision/index.json</c>: counts exact, vertices matched one-to-one within
/// 1e-6 · bbox diagonal (the README's tolerance), oriented faces identical after the matching.</summary>
internal static class SubdivisionParity
{
    /// <summary>Vertex tolerance relative to the expected bbox diagonal (fixtures/mesh/README.md).</summary>
    public const double RelativeTolerance = 1e-6;

    public static IReadOnlyList<ParityCase> Cases(string meshDir, string indexPath)
    {
        var dir = Path.GetDirectoryName(indexPath)!;
        var root = JsonNode.Parse(File.ReadAllText(indexPath))!;
        var cases = new List<ParityCase>();
        foreach (var c in root["cases"]!.AsArray())
        {
            var algorithm = c!["algorithm"]!.GetValue<string>();
            var mesh = c["mesh"]!.GetValue<string>();
            var iterations = c["iterations"]!.GetValue<int>();
            var input = Path.Combine(meshDir, c["input"]!.GetValue<string>());
            var sorted = Path.Combine(dir, c["files"]!["sorted"]!.GetValue<string>());
            cases.Add(new ParityCase(string.Create(CultureInfo.InvariantCulture, $"{algorithm}/{mesh}_{iterations}"),
                ct => Check(algorithm, input, iterations, sorted, ct)));
        }
        return cases;
    }

    private static ParityOutcome Check(string algorithm, string input, int iterations, string sortedPath, CancellationToken ct)
    {
        var mesh = MeshFile.Read(input, ct);
        var result = algorithm switch
        {
            "loop" => LoopSubdivision.Apply(mesh, iterations, null, ct),
            "sqrt3" => Sqrt3Subdivision.Apply(mesh, iterations, null, ct),
            _ => throw new NotSupportedException($"unknown subdivision algorithm '{algorithm}'"),
        };
        return Compare(result, JsonNode.Parse(File.ReadAllText(sortedPath))!);
    }

    internal static ParityOutcome Compare(TriangleMesh result, JsonNode expected)
    {
        var outcomes = new List<ParityOutcome>();
        var conn = new MeshConnectivity(result);
        outcomes.Add(ParityOutcome.Exact("V", Math.Abs(result.VertexCount - expected["V"]!.GetValue<int>())));
        outcomes.Add(ParityOutcome.Exact("E", Math.Abs(conn.EdgeCount - expected["E"]!.GetValue<int>())));
        outcomes.Add(ParityOutcome.Exact("F", Math.Abs(result.FaceCount - expected["F"]!.GetValue<int>())));
        var verts = expected["vertices_sorted"]!.AsArray()
            .Select(v => new Vec3(v![0]!.GetValue<double>(), v[1]!.GetValue<double>(), v[2]!.GetValue<double>())).ToList();
        var tol = RelativeTolerance * expected["bbox_diagonal"]!.GetValue<double>();
        var map = VertexMatching.Match(result.Positions.ToArray(), verts, tol, out var maxD, out var problem);
        outcomes.Add(ParityOutcome.AtMost("max_vertex_distance", maxD, tol, problem));
        if (map is not null)
        {
            var mine = VertexMatching.Canonical(result.Triangles, map);
            var theirs = expected["faces_canonical"]!.AsArray()
                .Select(f => (f![0]!.GetValue<int>(), f[1]!.GetValue<int>(), f[2]!.GetValue<int>())).ToList();
            theirs.Sort();
            var mismatches = mine.Count == theirs.Count ? mine.Zip(theirs).Count(p => p.First != p.Second) : Math.Max(mine.Count, theirs.Count);
            outcomes.Add(ParityOutcome.Exact("face_mismatches", mismatches));
        }
        return ParityOutcome.All(outcomes);
    }
}
