using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Tessera.Core.Arrays;
using Tessera.Core.Errors;

namespace Tessera.Augment.Serialization;

/// <summary>Where replay parameters come from: the folder that <c>{"__npy__": file}</c> array references resolve against.</summary>
/// <param name="BaseDirectory">The folder, or null when references are not allowed.</param>
internal sealed record ParamsContext(string? BaseDirectory);

/// <summary>
/// Default (de)serialization of typed parameter records: properties map to snake_case keys, as the
/// parameter names of albumentations 1.3.1's <c>get_params</c> (e.g. <c>HStart</c> ↔ <c>h_start</c>).
/// Unknown keys (such as <c>cols</c>/<c>rows</c> that some replays carry) are ignored. <see cref="NdArray"/>
/// properties read <c>{"__npy__": file}</c> references or <c>{"dtype", "shape", "data"}</c> objects.
/// </summary>
internal static class ParamsCodec
{
    private static readonly JsonSerializerOptions WriteOptions = Create(null);

    public static T Read<T>(JsonObject node, string transformName, ParamsContext context) where T : class
    {
        try
        {
            return node.Deserialize<T>(Create(context.BaseDirectory))
                ?? throw new TesseraFormatException($"{transformName}.params", null, "is null");
        }
        catch (JsonException e)
        {
            throw new TesseraFormatException($"{transformName}.params", e.Path, $"cannot be read as {typeof(T).Name}: {e.Message}");
        }
    }

    public static JsonNode Write<T>(T value) where T : class
        => JsonSerializer.SerializeToNode(value, WriteOptions) ?? new JsonObject();

    private static JsonSerializerOptions Create(string? baseDirectory) => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new NdArrayConverter(baseDirectory) },
    };

    private sealed class NdArrayConverter(string? baseDirectory) : JsonConverter<NdArray>
    {
        public override NdArray? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var node = JsonNode.Parse(ref reader) as JsonObject ?? throw new JsonException("an array parameter must be an object");
            if (node["__npy__"] is JsonValue file)
            {
                if (baseDirectory is null)
                {
                    throw new JsonException("array references (__npy__) need a base directory");
                }
                return Npy.Read(Path.Combine(baseDirectory, file.GetValue<string>()));
            }
            var shape = node["shape"]!.AsArray().Select(x => x!.GetValue<int>()).ToArray();
            var data = node["data"]!.AsArray().Select(x => x!.GetValue<double>()).ToArray();
            return NdArray.FromArray<double>(data, shape);
        }

        public override void Write(Utf8JsonWriter writer, NdArray value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            writer.WriteString("dtype", "float64");
            writer.WritePropertyName("shape");
            JsonSerializer.Serialize(writer, value.Shape, options);
            writer.WritePropertyName("data");
            JsonSerializer.Serialize(writer, value.ToDoubleArray(), options);
            writer.WriteEndObject();
        }
    }
}
