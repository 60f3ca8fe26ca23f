using System.Text.Json.Serialization;

namespace Tessera.Core.Parity;

/// <summary>One line of a parity report: a reference case and how Tessera did on it.</summary>
/// <param name="Area">Fixture area, e.g. <c>augment</c>, <c>mesh</c>, <c>models</c>.</param>
/// <param name="Group">Group within the area, e.g. <c>clip_tokenizer</c>.</param>
/// <param name="Case">Case name within the group.</param>
/// <param name="Status">Pass, fail or unsupported.</param>
/// <param name="Metric">What <paramref name="Value"/> measures, e.g. <c>max_abs</c>.</param>
/// <param name="Value">Measured value (null when not measured).</param>
/// <param name="Limit">Tolerance from the fixture file (null when not applicable).</param>
/// <param name="Message">Extra detail: why it failed, or what is unsupported.</param>
public sealed record ParityRow(
    [property: JsonPropertyName("area")] string Area,
    [property: JsonPropertyName("group")] string Group,
    [property: JsonPropertyName("case")] string Case,
    [property: JsonPropertyName("status"), JsonConverter(typeof(JsonStringEnumConverter<ParityStatus>))] ParityStatus Status,
    [property: JsonPropertyName("metric")] string Metric,
    [property: JsonPropertyName("value")] double? Value,
    [property: JsonPropertyName("limit")] double? Limit,
    [property: JsonPropertyName("message")] string? Message = null);
