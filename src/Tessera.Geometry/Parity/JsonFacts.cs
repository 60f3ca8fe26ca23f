using System.Globalization;
using System.Text.Json.Nodes;

namespace Tessera.Geometry.Parity;

/// <summary>Compares expected JSON facts with computed ones: integers, booleans and nulls exactly, other numbers
/// with a relative tolerance (the fixtures print areas and volumes with 12 significant digits).</summary>
internal static class JsonFacts
{
    public static List<string> Compare(JsonNode? expected, JsonNode? actual, string path, double relTol, List<string>? into = null)
    {
        if (into is null && actual is not null)
        {
            // Normalise values built in code (JsonValue<int>, …) to parsed JSON numbers.
            actual = JsonNode.Parse(actual.ToJsonString());
        }
        var diffs = into ?? [];
        switch (expected)
        {
            case null:
                if (actual is not null) { diffs.Add($"{path}: expected null, got {actual.ToJsonString()}"); }
                break;
            case JsonObject eo:
                if (actual is not JsonObject ao) { diffs.Add($"{path}: expected an object"); break; }
                foreach (var (k, v) in eo)
                {
                    if (!ao.ContainsKey(k)) { diffs.Add($"{path}.{k}: missing"); continue; }
                    Compare(v, ao[k], $"{path}.{k}", relTol, diffs);
                }
                break;
            case JsonArray ea:
                if (actual is not JsonArray aa || aa.Count != ea.Count)
                {
                    diffs.Add($"{path}: expected an array of {ea.Count}, got {actual?.ToJsonString()}");
                    break;
                }
                for (var i = 0; i < ea.Count; i++) { Compare(ea[i], aa[i], string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"), relTol, diffs); }
                break;
            case JsonValue ev:
                if (actual is not JsonValue av) { diffs.Add($"{path}: expected {ev.ToJsonString()}, got {actual?.ToJsonString()}"); break; }
                if (ev.TryGetValue<bool>(out var eb))
                {
                    if (!av.TryGetValue<bool>(out var ab) || ab != eb) { diffs.Add($"{path}: expected {eb}, got {av.ToJsonString()}"); }
                    break;
                }
                if (ev.TryGetValue<string>(out var es))
                {
                    if (!av.TryGetValue<string>(out var as_) || as_ != es) { diffs.Add($"{path}: expected '{es}', got {av.ToJsonString()}"); }
                    break;
                }
                var e = ev.GetValue<double>();
                double a;
                try { a = av.GetValue<double>(); }
                catch (InvalidOperationException) { diffs.Add($"{path}: expected {e}, got {av.ToJsonString()}"); break; }
                var isInt = av.TryGetValue<int>(out _) || av.TryGetValue<long>(out _);
                var ok = isInt ? a == e : Math.Abs(a - e) <= relTol * Math.Max(1.0, Math.Abs(e));
                if (!ok) { diffs.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: expected {e:R}, got {a:R}")); }
                break;
        }
        return diffs;
    }
}
