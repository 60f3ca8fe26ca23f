using System.Text.Json;

namespace Tessera.Nn.Tests.Models.Clip.Tokenizer;

/// <summary>
/// 500 random adversarial strings whose ids were computed by the upstream SimpleTokenizer (CPython 3.11 + regex,
/// ftfy replaced by the identity; see the file's "about"). Checks cleaning, lower-casing, the pre-tokenizer and BPE
/// far beyond the fixture cases.
/// </summary>
public sealed class ReferenceWithoutFtfyTests
{
    [Fact]
    public void Encode_WithoutFtfy_MatchesUpstreamOnRandomStrings()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Models", "Clip", "Tokenizer", "Data", "reference_without_ftfy.json")));
        var failures = new List<string>();
        var count = 0;
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            count++;
            var text = c.GetProperty("text").GetString()!;
            var expected = string.Join(' ', c.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()));
            var actual = string.Join(' ', ClipTokenizerTests.OpenAi.Value.Encode(text, fixText: false));
            if (actual != expected) { failures.Add($"{JsonSerializer.Serialize(text)}: expected [{expected}], got [{actual}]"); }
        }
        Assert.Equal(500, count);
        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(10)));
    }
}
