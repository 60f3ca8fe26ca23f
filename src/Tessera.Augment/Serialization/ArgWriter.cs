using System.Text.Json.Nodes;
using Tessera.Augment.Pipeline;

namespace Tessera.Augment.Serialization;

/// <summary>Collects the init arguments of a transform as albumentations' <c>to_dict</c> writes them.</summary>
internal sealed class ArgWriter
{
    public ArgWriter(JsonObject node)
    {
        Node = node;
    }

    public JsonObject Node { get; }

    public void Add(string key, double value) => Node[key] = value;

    public void Add(string key, int value) => Node[key] = value;

    public void Add(string key, bool value) => Node[key] = value;

    /// <summary>Writes an interpolation as albumentations does: OpenCV's int.</summary>
    public void Add(string key, Interpolation value) => Node[key] = (int)value;

    /// <summary>Writes a border mode as albumentations does: OpenCV's int.</summary>
    public void Add(string key, BorderMode value) => Node[key] = (int)value;

    public void Add(string key, string? value) => Node[key] = value;

    public void Add(string key, int? value) => Node[key] = value;

    public void Add(string key, double? value) => Node[key] = value;

    public void Add(string key, (double Low, double High) range) => Node[key] = new JsonArray(range.Low, range.High);

    public void Add(string key, (int A, int B) pair) => Node[key] = new JsonArray(pair.A, pair.B);

    public void AddRange(string key, (double Low, double High)? range) => Node[key] = range is { } r ? new JsonArray(r.Low, r.High) : null;

    /// <summary>Writes a fill value: null, a scalar (one element) or a list.</summary>
    public void AddFill(string key, double[]? fill) => Node[key] = fill switch
    {
        null => null,
        [var one] => JsonValue.Create(one),
        _ => new JsonArray(fill.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray()),
    };

    public void AddNode(string key, JsonNode? node) => Node[key] = node;

    public void AddTransforms(string key, IReadOnlyList<TransformBase> transforms)
        => Node[key] = new JsonArray(transforms.Select(t => (JsonNode?)AlbumentationsJson.ToNode(t)).ToArray());
}
