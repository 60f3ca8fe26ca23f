using System.Text.Json;
using Tessera.Core.Arrays;
using Tessera.Core.Parity;

namespace Tessera.Nn.Parity;

/// <summary>Small helpers shared by the model parity handlers: manifest reading and allclose outcomes.</summary>
internal static class ParityJson
{
    public static JsonDocument? TryReadManifest(string directory)
    {
        var path = Path.Combine(directory, "manifest.json");
        if (!File.Exists(path)) { return null; }
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>numpy.allclose: passes when every |a − e| ≤ atol + rtol·|e|; reports the max abs difference.</summary>
    public static ParityOutcome AllClose(string name, NdArray actual, NdArray expected, double atol, double rtol)
    {
        if (!actual.Shape.SequenceEqual(expected.Shape))
        {
            return new ParityOutcome(ParityStatus.Fail, $"{name}.shape", null, null,
                $"shape [{string.Join(", ", actual.Shape)}] != reference [{string.Join(", ", expected.Shape)}]");
        }
        var a = actual.ToDoubleArray();
        var e = expected.ToDoubleArray();
        var max = ArrayComparison.MaxAbsDiff(a, e);
        var bad = ArrayComparison.CountOutsideTolerance(a, e, atol, rtol);
        return new ParityOutcome(bad == 0 && !double.IsNaN(max) ? ParityStatus.Pass : ParityStatus.Fail, $"{name}.max_abs", max, atol,
            $"{bad} of {a.Length} elements outside atol {atol} + rtol {rtol}·|expected|");
    }

    /// <summary>Combines checks; a passing result names every check's value in its message.</summary>
    public static ParityOutcome Summarize(IReadOnlyList<ParityOutcome> checks)
    {
        var all = ParityOutcome.All(checks);
        if (all.Status != ParityStatus.Pass) { return all; }
        var parts = checks.Select(c => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{c.Metric} {c.Value:G3} (limit {c.Limit:G3})"));
        return all with { Message = string.Join("; ", parts) };
    }

    public static ParityOutcome AllCloseOutput(string directory, JsonElement outputs, string name, NdArray actual)
    {
        var o = outputs.GetProperty(name);
        var expected = Npy.Read(Path.Combine(directory, o.GetProperty("file").GetString()!));
        return AllClose(name, actual, expected, o.GetProperty("atol").GetDouble(), o.GetProperty("rtol").GetDouble());
    }
}
