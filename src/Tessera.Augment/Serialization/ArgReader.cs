using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Augment.Pipeline;
using Tessera.Core.Errors;

namespace Tessera.Augment.Serialization;

/// <summary>
/// Reads the init arguments of one serialized transform, applying albumentations' conventions (a scalar
/// range <c>x</c> means <c>(-x, x)</c>, <c>null</c> means the default), and reports unknown arguments
/// by name together with the list of accepted ones (see <see cref="Done"/>).
/// </summary>
internal sealed class ArgReader
{
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal) { "__class_fullname__", "params", "applied", "id", "__version__" };
    private readonly JsonObject _node;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public ArgReader(string transformName, JsonObject node, Func<JsonObject, TransformBase> readChild)
    {
        TransformName = transformName;
        _node = node;
        ReadChild = readChild;
    }

    public string TransformName { get; }

    internal Func<JsonObject, TransformBase> ReadChild { get; }

    /// <summary>The probability <c>p</c>: absent means the default; an explicit <c>null</c> is rejected (albumentations compares it with a random number and fails).</summary>
    public double P(double defaultValue)
    {
        Guard.That(!(_node.ContainsKey("p") && _node["p"] is null), Param("p"), "must be a number in [0, 1] (got null)");
        return Double("p", defaultValue);
    }

    public bool AlwaysApply() => Bool("always_apply", false);

    public bool Has(string key)
    {
        _known.Add(key);
        return _node[key] is not null;
    }

    /// <summary>Whether the key is present at all (even with a null value).</summary>
    public bool IsPresent(string key)
    {
        _known.Add(key);
        return _node.ContainsKey(key);
    }

    public JsonNode? Raw(string key)
    {
        _known.Add(key);
        return _node[key];
    }

    public double Double(string key, double defaultValue) => NullableDouble(key) ?? defaultValue;

    public double? NullableDouble(string key)
    {
        var n = Raw(key);
        return n is null ? null : ToDouble(n, key);
    }

    public int Int(string key, int defaultValue) => NullableInt(key) ?? defaultValue;

    public int? NullableInt(string key)
    {
        var n = Raw(key);
        if (n is null)
        {
            return null;
        }
        var d = ToDouble(n, key);
        Guard.That(Math.Abs(d - Math.Round(d)) < 1e-9 && Math.Abs(d) < int.MaxValue, Param(key), $"must be an integer (got {d.ToString(CultureInfo.InvariantCulture)})");
        return (int)Math.Round(d);
    }

    public bool Bool(string key, bool defaultValue)
    {
        var n = Raw(key);
        if (n is null)
        {
            return defaultValue;
        }
        Guard.That(n is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False, Param(key), "must be true or false");
        return n.GetValue<bool>();
    }

    public string String(string key, string defaultValue) => NullableString(key) ?? defaultValue;

    public string? NullableString(string key)
    {
        var n = Raw(key);
        if (n is null)
        {
            return null;
        }
        Guard.That(n is JsonValue v && v.GetValueKind() == JsonValueKind.String, Param(key), "must be a string");
        return n.GetValue<string>();
    }

    /// <summary>A range: <c>[low, high]</c>, or a scalar <c>x</c> read as <c>(-x, x)</c> (or <c>(low, x)</c> with <paramref name="low"/>); then <paramref name="bias"/> is added.</summary>
    public (double Low, double High) Range(string key, (double Low, double High) defaultValue, double bias = 0, double? low = null)
    {
        var n = Raw(key);
        if (n is null)
        {
            return defaultValue;
        }
        return ParseRange(n, key, bias, low);
    }

    public (double Low, double High)? NullableRange(string key, double bias = 0, double? low = null)
    {
        var n = Raw(key);
        return n is null ? null : ParseRange(n, key, bias, low);
    }

    /// <summary>A range argument as written: a number (its meaning is the transform's, see <see cref="Augment.Limit"/>) or an ordered <c>[low, high]</c>; null when absent.</summary>
    public Limit? Limit(string key)
    {
        var n = Raw(key);
        if (n is null)
        {
            return null;
        }
        if (n is JsonArray)
        {
            return ParseRange(n, key, 0, null);
        }
        return ToDouble(n, key);
    }

    /// <summary>An integer range argument as written (see <see cref="Limit"/>); null when absent.</summary>
    public IntLimit? IntLimit(string key)
    {
        var l = Limit(key);
        if (l is not { } v)
        {
            return null;
        }
        Guard.That(IsInt(v.Low) && IsInt(v.High), Param(key), $"must be integers (got {v})");
        return v.IsScalar ? (int)v.Low : ((int)v.Low, (int)v.High);
    }

    public (int A, int B) IntPair(string key, (int, int) defaultValue)
    {
        var n = Raw(key);
        if (n is null)
        {
            return defaultValue;
        }
        var r = ParseRange(n, key, 0, null, symmetric: false);
        return ((int)r.Low, (int)r.High);
    }

    /// <summary>A fill value: null, a number, or a list of numbers (per channel).</summary>
    public double[]? Fill(string key)
    {
        var n = Raw(key);
        return n switch
        {
            null => null,
            JsonArray a => a.Select((x, i) => ToDouble(x ?? throw new TesseraArgumentException(Param(key), $"element {i} is null"), key)).ToArray(),
            _ => [ToDouble(n, key)],
        };
    }

    public double[]? DoubleList(string key)
    {
        var n = Raw(key);
        return n switch
        {
            null => null,
            JsonArray a => a.Select(x => ToDouble(x!, key)).ToArray(),
            _ => [ToDouble(n, key)],
        };
    }

    public IReadOnlyList<TransformBase> Transforms(string key)
    {
        var n = Raw(key);
        Guard.That(n is JsonArray, Param(key), "must be a list of transforms");
        var list = new List<TransformBase>();
        foreach (var item in (JsonArray)n)
        {
            Guard.That(item is JsonObject, Param(key), "every element must be a transform object");
            list.Add(ReadChild((JsonObject)item));
        }
        return list;
    }

    /// <summary>Throws when the node holds an argument no reader asked for, listing the accepted ones.</summary>
    public void Done()
    {
        var unknown = _node.Select(kv => kv.Key).Where(k => !_known.Contains(k) && !Ignored.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new TesseraArgumentException(Param(unknown[0]),
                $"unknown argument of {TransformName}; supported arguments: {string.Join(", ", _known.Order(StringComparer.Ordinal))}");
        }
    }

    public string Param(string key) => $"{TransformName}.{key}";

    private (double Low, double High) ParseRange(JsonNode n, string key, double bias, double? low, bool symmetric = true)
    {
        if (n is JsonArray a)
        {
            Guard.That(a.Count == 2, Param(key), $"must be [low, high] (got {a.Count} values)");
            var l = ToDouble(a[0]!, key);
            var h = ToDouble(a[1]!, key);
            return (Math.Min(l, h) + bias, Math.Max(l, h) + bias);
        }
        var x = ToDouble(n, key);
        if (!symmetric)
        {
            return (x, x);
        }
        if (low is { } lo)
        {
            return (Math.Min(lo, x) + bias, Math.Max(lo, x) + bias);
        }
        return (-Math.Abs(x) + bias, Math.Abs(x) + bias);
    }

    private static bool IsInt(double d) => Math.Abs(d - Math.Round(d)) < 1e-9 && Math.Abs(d) < int.MaxValue;

    private double ToDouble(JsonNode n, string key)
    {
        if (n is JsonValue v)
        {
            switch (v.GetValueKind())
            {
                case JsonValueKind.Number:
                    return v.GetValue<double>();
                case JsonValueKind.True:
                    return 1;
                case JsonValueKind.False:
                    return 0;
                case JsonValueKind.String when v.GetValue<string>() is "NaN" or "Infinity" or "-Infinity":
                    // YAML's .nan / .inf, held as System.Text.Json's named floating-point literals
                    return v.GetValue<string>() switch { "NaN" => double.NaN, "Infinity" => double.PositiveInfinity, _ => double.NegativeInfinity };
            }
        }
        throw new TesseraArgumentException(Param(key), $"must be a number (got {n.ToJsonString()})");
    }
}
