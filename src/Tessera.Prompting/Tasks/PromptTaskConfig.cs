using System.Text.Json;
using System.Text.Json.Serialization;
using Tessera.Core.Errors;
using Tessera.Prompting.Coop;
using Tessera.Prompting.Pixel;
using Tessera.Prompting.Vpt;

namespace Tessera.Prompting.Tasks;

/// <summary>
/// What a task file says about its task: the method, its settings and the label space. Stored as JSON in the
/// safetensors metadata (<c>tessera.task</c>).
/// </summary>
public sealed record PromptTaskConfig
{
    /// <summary>Method name (<c>vpt</c>, <c>coop</c>, <c>pixel</c>, <c>linear</c>, <c>bitfit</c>, <c>full</c>, <c>zero-shot</c>).</summary>
    public required string Method { get; init; }

    /// <summary>Input image side.</summary>
    public required int ImageSize { get; init; }

    /// <summary>Class names in label order (their count is the number of classes).</summary>
    public required IReadOnlyList<string> ClassNames { get; init; }

    /// <summary>VPT settings (method <c>vpt</c>).</summary>
    public VptOptions? Vpt { get; init; }

    /// <summary>CoOp settings (method <c>coop</c>).</summary>
    public CoopOptions? Coop { get; init; }

    /// <summary>Pixel prompt method (method <c>pixel</c>).</summary>
    public PixelPromptMethod? Pixel { get; init; }

    /// <summary>Pixel prompt size (method <c>pixel</c>).</summary>
    public int? PromptSize { get; init; }

    /// <summary>Class text template with <c>{}</c> (methods on a CLIP scored against text features).</summary>
    public string? Template { get; init; }

    /// <summary>Optional free-form name of the backbone (shown in errors).</summary>
    public string? BackboneName { get; init; }

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>The JSON text.</summary>
    /// <returns>Compact JSON.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Parses the JSON text.</summary>
    /// <param name="json">The text.</param>
    /// <param name="source">File name for errors.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="TesseraFormatException">The text is not a valid configuration.</exception>
    public static PromptTaskConfig FromJson(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<PromptTaskConfig>(json, Json) ?? throw new TesseraFormatException(source, null, "task configuration is null");
        }
        catch (JsonException e)
        {
            throw new TesseraFormatException(source, e.Path, $"invalid task configuration: {e.Message}");
        }
    }
}
