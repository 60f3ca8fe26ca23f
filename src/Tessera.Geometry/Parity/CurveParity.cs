using System.Globalization;
using System.Text.Json.Nodes;
using Tessera.Core.Parity;
using Tessera.Geometry.Curves;

namespace Tessera.Geometry.Parity;

/// <summary>Cases of <c>curves/curves.json</c>: one per (curve, scheme, iterations), tolerance 1e-12 (README).</summary>
internal static class CurveParity
{
    /// <summary>Absolute tolerance (the fixture values are exact dyadic rationals).</summary>
    public const double Tolerance = 1e-12;

    public static IReadOnlyList<ParityCase> Cases(string path)
    {
        var root = JsonNode.Parse(File.ReadAllText(path))!;
        var cases = new List<ParityCase>();
        foreach (var (name, curve) in root["curves"]!.AsObject())
        {
            var closed = curve!["closed"]!.GetValue<bool>();
            var input = Points(curve["input"]!.AsArray());
            foreach (var scheme in new[] { "chaikin", "fourpoint" })
            {
                if (curve[scheme] is not JsonObject byIteration) { continue; }
                foreach (var (k, pts) in byIteration)
                {
                    var iterations = int.Parse(k, CultureInfo.InvariantCulture);
                    var expected = Points(pts!.AsArray());
                    cases.Add(new ParityCase($"{name}/{scheme}_{k}", _ =>
                    {
                        var actual = scheme == "chaikin"
                            ? CurveSubdivision.Chaikin(input, closed, iterations)
                            : CurveSubdivision.FourPoint(input, closed, iterations);
                        if (actual.Length != expected.Count)
                        {
                            return ParityOutcome.Exact("point_count", Math.Abs(actual.Length - expected.Count));
                        }
                        var max = actual.Zip(expected).Max(p => Math.Max(Math.Abs(p.First.X - p.Second.X), Math.Abs(p.First.Y - p.Second.Y)));
                        return ParityOutcome.AtMost("max_abs", max, Tolerance);
                    }));
                }
            }
        }
        return cases;
    }

    private static List<Vec2> Points(JsonArray a) => [.. a.Select(p => new Vec2(p![0]!.GetValue<double>(), p[1]!.GetValue<double>()))];
}
