using System.Globalization;
using System.Text.Json.Nodes;
using Tessera.Core.Parity;
using Tessera.Geometry.IO;
using Tessera.Geometry.Metrics;
using Tessera.Geometry.Simplification;
using Tessera.Geometry.Topology;

namespace Tessera.Geometry.Parity;

/// <summary>
/// Cases of <c>simplification/simplification.json</c>: for each OpenMesh ModQuadric run (the README's minimum
/// bar), <see cref="QemSimplification"/> must reach F ≤ target, stay a closed 2-manifold with the input genus and
/// component count, and have Hausdorff and mean distances no larger than OpenMesh's, measured with the README's
/// deterministic sampler at the same N. The sampler itself is checked by its sample count on the original.
/// </summary>
internal static class SimplificationParity
{
    /// <summary>The reference row every case must meet.</summary>
    public const string ReferenceLibrary = "openmesh_quadric";

    public static IReadOnlyList<ParityCase> Cases(string meshDir, string path)
    {
        var root = JsonNode.Parse(File.ReadAllText(path))!;
        var recipe = root["large_mesh_recipe"]?.AsObject();
        var cases = new List<ParityCase>();
        foreach (var r in root["results"]!.AsArray())
        {
            if (r!["library"]!.GetValue<string>() != ReferenceLibrary) { continue; }
            var mesh = r["mesh"]!.GetValue<string>();
            var pct = r["target_percent"]!.GetValue<int>();
            var row = r.AsObject();
            var samples = ParseSamples(root["distance_metric"]?["samples"]?.GetValue<string>());
            cases.Add(new ParityCase(string.Create(CultureInfo.InvariantCulture, $"{mesh}_{pct}pct"),
                ct => Check(meshDir, mesh, recipe, row, samples, ct)));
        }
        return cases;
    }

    private static int ParseSamples(string? text)
    {
        // "deterministic lattice sampling, N = 1000000 per surface (...)"
        if (text is not null)
        {
            var i = text.IndexOf("N = ", StringComparison.Ordinal);
            if (i >= 0)
            {
                var digits = new string(text[(i + 4)..].TakeWhile(char.IsDigit).ToArray());
                if (int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) { return n; }
            }
        }
        return SurfaceDistance.DefaultSamples;
    }

    internal static TriangleMesh LoadInput(string meshDir, string mesh, JsonObject? recipe)
    {
        if (mesh == "large" && recipe is not null)
        {
            // Recipe-generated (not stored): bumpy_torus(nu, nv, R, r, a1, a2) from the generator string.
            var g = recipe["generator"]!.GetValue<string>();
            double Arg(string name)
            {
                var i = g.IndexOf(name + "=", StringComparison.Ordinal);
                var s = new string(g[(i + name.Length + 1)..].TakeWhile(c => char.IsDigit(c) || c == '.').ToArray());
                return double.Parse(s, CultureInfo.InvariantCulture);
            }
            return MeshGenerators.BumpyTorus((int)Arg("nu"), (int)Arg("nv"), Arg("R"), Arg("r"), Arg("a1"), Arg("a2"));
        }
        return MeshFile.Read(Path.Combine(meshDir, "meshes", mesh + ".obj"));
    }

    private static ParityOutcome Check(string meshDir, string mesh, JsonObject? recipe, JsonObject row, int samples, CancellationToken ct)
    {
        var input = LoadInput(meshDir, mesh, recipe);
        var target = row["target_faces"]!.GetValue<int>();
        var result = QemSimplification.Apply(input, new QemOptions { TargetFaces = target }, null, ct);
        var topo = TopologyAnalyzer.Analyze(result);
        var inputTopo = TopologyAnalyzer.Analyze(input);
        var d = SurfaceDistance.Measure(input, result, samples, ct);
        var reference = row["distance"]!.AsObject();
        var inv = CultureInfo.InvariantCulture;
        return ParityOutcome.All(
        [
            ParityOutcome.AtMost("faces", result.FaceCount, target),
            ParityOutcome.Exact("not_closed_manifold", topo.Closed && topo.Manifold ? 0 : 1),
            ParityOutcome.Exact("genus_change", Math.Abs((topo.Genus ?? -1000) - (inputTopo.Genus ?? 0))),
            ParityOutcome.Exact("component_change", Math.Abs(topo.Components - inputTopo.Components)),
            ParityOutcome.Exact("samples_orig", Math.Abs(d.SamplesOriginal - reference["samples_orig"]!.GetValue<long>()),
                "the sampler must take exactly the reference's samples on the original"),
            ParityOutcome.AtMost("hausdorff", d.Hausdorff, reference["hausdorff"]!.GetValue<double>(),
                string.Create(inv, $"mean {d.Mean:G4} (OpenMesh {reference["mean"]!.GetValue<double>():G4})")),
            ParityOutcome.AtMost("mean", d.Mean, reference["mean"]!.GetValue<double>(),
                string.Create(inv, $"hausdorff {d.Hausdorff:G4} (OpenMesh {reference["hausdorff"]!.GetValue<double>():G4})")),
        ]);
    }
}
