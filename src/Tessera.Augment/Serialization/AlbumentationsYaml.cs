using System.Globalization;
using System.Text.Json.Nodes;
using Tessera.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Tessera.Augment.Serialization;

/// <summary>
/// The YAML flavour of albumentations' serialized form (<c>A.save(..., data_format="yaml")</c>): the same tree as
/// the JSON one. Plain scalars are typed as YAML 1.1 / PyYAML does (null, booleans, integers, floats).
/// </summary>
internal static class AlbumentationsYaml
{
    public static JsonNode? ToJsonNode(string yaml, string source, long maxNodes = DefaultMaxNodes)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new TesseraFormatException(source, $"line {e.Start.Line}", e.Message);
        }
        Guard.That(stream.Documents.Count == 1, "pipeline", $"YAML must hold one document (got {stream.Documents.Count})");
        // Aliases share nodes, so a few hundred bytes can expand to billions of values ("billion laughs"): the expanded
        // size is counted over the shared graph before anything is expanded.
        var expanded = ExpandedSize(stream.Documents[0].RootNode, new Dictionary<YamlNode, long>(ReferenceEqualityComparer.Instance), maxNodes);
        if (expanded > maxNodes)
        {
            throw new TesseraFormatException(source, null,
                $"the YAML expands (through its aliases) to more than {expanded} values, above the limit of {maxNodes} (PipelineReadOptions.MaxYamlNodes)");
        }
        // Re-parse so that every value is backed by JSON text, exactly as if the file had been JSON.
        var node = Convert(stream.Documents[0].RootNode);
        return node is null ? null : JsonNode.Parse(node.ToJsonString());
    }

    public static string FromJsonNode(JsonNode node)
    {
        var doc = new YamlDocument(ToYaml(node));
        var stream = new YamlStream(doc);
        using var w = new StringWriter(CultureInfo.InvariantCulture);
        stream.Save(w, assignAnchors: false);
        var text = w.ToString();
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    /// <summary>The default bound on the number of values a YAML pipeline may expand to.</summary>
    public const long DefaultMaxNodes = 1_000_000;

    /// <summary>Values in the fully expanded tree, memoized per shared node; stops growing once past <paramref name="cap"/>.</summary>
    private static long ExpandedSize(YamlNode node, Dictionary<YamlNode, long> memo, long cap)
    {
        if (memo.TryGetValue(node, out var known))
        {
            return known;
        }
        memo[node] = cap + 1; // a node that contains itself expands without end
        long size = 1;
        IEnumerable<YamlNode> children = node switch
        {
            YamlMappingNode m => m.Children.SelectMany(kv => new[] { kv.Key, kv.Value }),
            YamlSequenceNode sq => sq.Children,
            _ => [],
        };
        foreach (var child in children)
        {
            size = Math.Min(size + ExpandedSize(child, memo, cap), cap + 1);
        }
        memo[node] = size;
        return size;
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode m => new JsonObject(m.Children.Select(kv =>
            new KeyValuePair<string, JsonNode?>(((YamlScalarNode)kv.Key).Value ?? "", Convert(kv.Value)))),
        YamlSequenceNode s => new JsonArray(s.Children.Select(Convert).ToArray()),
        YamlScalarNode sc => Scalar(sc),
        _ => null,
    };

    private static JsonValue? Scalar(YamlScalarNode sc)
    {
        var v = sc.Value ?? "";
        if (sc.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return JsonValue.Create(v);
        }
        switch (v)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            // YAML 1.1 booleans, as PyYAML (albumentations' reader) resolves them
            case "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "on" or "On" or "ON":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE" or "no" or "No" or "NO" or "off" or "Off" or "OFF":
                return JsonValue.Create(false);
            // non-finite numbers travel as System.Text.Json's named literals; ArgReader reads them as numbers
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                return JsonValue.Create("Infinity");
            case "-.inf" or "-.Inf" or "-.INF":
                return JsonValue.Create("-Infinity");
            case ".nan" or ".NaN" or ".NAN":
                return JsonValue.Create("NaN");
        }
        if (long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return JsonValue.Create(l);
        }
        if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return JsonValue.Create(d);
        }
        return JsonValue.Create(v);
    }

    private static YamlNode ToYaml(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return new YamlScalarNode("null");
            case JsonObject o:
                var m = new YamlMappingNode();
                foreach (var (k, v) in o)
                {
                    m.Add(new YamlScalarNode(k), ToYaml(v));
                }
                return m;
            case JsonArray a:
                var s = new YamlSequenceNode();
                foreach (var v in a)
                {
                    s.Add(ToYaml(v));
                }
                return s;
            default:
                var value = (JsonValue)node;
                if (NonFinite(value) is { } literal)
                {
                    return new YamlScalarNode(literal);
                }
                return value.GetValueKind() switch
                {
                    System.Text.Json.JsonValueKind.String => new YamlScalarNode(value.GetValue<string>()) { Style = ScalarStyle.SingleQuoted },
                    System.Text.Json.JsonValueKind.True => new YamlScalarNode("true"),
                    System.Text.Json.JsonValueKind.False => new YamlScalarNode("false"),
                    _ => new YamlScalarNode(FormatNumber(value)),
                };
        }
    }

    /// <summary>The YAML literal of a non-finite number (a double in memory, or a named literal string), else null.</summary>
    private static string? NonFinite(JsonValue value)
    {
        if (value.TryGetValue<double>(out var d) && !double.IsFinite(d))
        {
            return double.IsNaN(d) ? ".nan" : d > 0 ? ".inf" : "-.inf";
        }
        if (value.GetValueKind() == System.Text.Json.JsonValueKind.String && value.TryGetValue<string>(out var s))
        {
            return s switch { "NaN" => ".nan", "Infinity" => ".inf", "-Infinity" => "-.inf", _ => null };
        }
        return null;
    }

    private static string FormatNumber(JsonValue value)
    {
        var text = value.ToJsonString();
        if (text.Contains('.', StringComparison.Ordinal) || text.Contains('e', StringComparison.OrdinalIgnoreCase))
        {
            var d = value.GetValue<double>();
            var r = d.ToString("R", CultureInfo.InvariantCulture);
            if (!double.IsFinite(d))
            {
                return double.IsNaN(d) ? ".nan" : d > 0 ? ".inf" : "-.inf";
            }
            var e = r.IndexOf('E', StringComparison.Ordinal);
            var mantissa = e >= 0 ? r[..e] : r;
            var exponent = e >= 0 ? "e" + (r[e + 1] is '-' or '+' ? r[(e + 1)..] : "+" + r[(e + 1)..]) : "";
            return (mantissa.Contains('.', StringComparison.Ordinal) ? mantissa : mantissa + ".0") + exponent;
        }
        return text;
    }
}
