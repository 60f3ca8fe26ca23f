using System.Globalization;
using System.Text.Json;
using Tessera.Core.Arrays;
using Tessera.Core.Errors;
using Tessera.Core.Parity;
using Tessera.Nn.Models.Clip.Tokenizer;

namespace Tessera.Nn.Parity;

/// <summary>
/// Parity handler for the CLIP tokenizer fixtures (<c>models/clip_tokenizer</c>): a folder whose
/// <c>manifest.json</c> has <c>"group": "clip_tokenizer"</c> and that holds the manifest's case list. Each entry of the
/// case list is one case (its <c>clip.tokenize</c> row must equal the reference row exactly, and its BPE ids
/// the reference <c>bpe_ids</c>); each <c>raises_when_not_truncated</c> text is one case that must be rejected.
/// </summary>
public sealed class ClipTokenizerParityHandler : IParityHandler
{
    private const string GroupKey = "clip_tokenizer";

    /// <inheritdoc />
    public string Format => "clip-tokenizer";

    /// <inheritdoc />
    public IReadOnlyList<ParityGroup>? TryOpen(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var manifestPath = Path.Combine(directory, "manifest.json");
        if (!File.Exists(manifestPath)) { return null; }
        JsonDocument manifest;
        try
        {
            manifest = JsonDocument.Parse(File.ReadAllBytes(manifestPath));
        }
        catch (JsonException)
        {
            return null;
        }
        using (manifest)
        {
            var root = manifest.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("group", out var g) || g.ValueKind != JsonValueKind.String
                || g.GetString() != GroupKey || !root.TryGetProperty("cases", out var cases) || cases.ValueKind != JsonValueKind.Array)
            {
                return null;
            }
            var config = root.GetProperty("config");
            var vocabPath = Path.Combine(directory, config.GetProperty("bpe_file").GetString()!);
            var tokenizer = new Lazy<ClipTokenizer>(() => ClipTokenizer.FromFile(vocabPath), LazyThreadSafetyMode.ExecutionAndPublication);
            var list = new List<ParityCase>();
            foreach (var c in cases.EnumerateArray())
            {
                if (c.GetProperty("kind").GetString() != "clip_tokenize") { continue; }
                var casesFile = Path.Combine(directory, c.GetProperty("inputs").GetProperty("cases").GetString()!);
                if (!File.Exists(casesFile)) { return null; }
                var tokensFile = Path.Combine(directory, c.GetProperty("outputs").GetProperty("tokens").GetProperty("file").GetString()!);
                list.AddRange(TokenizeCases(casesFile, tokensFile, tokenizer));
                if (c.TryGetProperty("raises_when_not_truncated", out var raises))
                {
                    var contextLength = config.TryGetProperty("context_length", out var cl) ? cl.GetInt32() : ClipTokenizer.DefaultContextLength;
                    var k = 0;
                    foreach (var r in raises.EnumerateArray())
                    {
                        var text = r.GetProperty("text").GetString()!;
                        list.Add(new ParityCase(string.Create(CultureInfo.InvariantCulture, $"raises_{k++:D2}"), _ => Raises(tokenizer.Value, text, contextLength)));
                    }
                }
            }
            return [new ParityGroup("models", GroupKey, directory, list)];
        }
    }

    private static List<ParityCase> TokenizeCases(string casesFile, string tokensFile, Lazy<ClipTokenizer> tokenizer)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(casesFile));
        var expected = new Lazy<NdArray>(() => Npy.Read(tokensFile), LazyThreadSafetyMode.ExecutionAndPublication);
        var result = new List<ParityCase>();
        var row = 0;
        foreach (var e in doc.RootElement.EnumerateArray())
        {
            var index = e.TryGetProperty("index", out var ix) ? ix.GetInt32() : row;
            var text = e.GetProperty("text").GetString()!;
            var truncate = e.TryGetProperty("truncate", out var t) && t.GetBoolean();
            var contextLength = e.TryGetProperty("context_length", out var cl) ? cl.GetInt32() : ClipTokenizer.DefaultContextLength;
            var bpeIds = e.TryGetProperty("bpe_ids", out var b) ? b.EnumerateArray().Select(x => x.GetInt32()).ToArray() : null;
            var tags = e.TryGetProperty("tags", out var tg) ? tg.EnumerateArray().Select(x => x.GetString()).FirstOrDefault() : null;
            var name = string.Create(CultureInfo.InvariantCulture, $"case_{index:D2}") + (tags is null ? "" : "_" + tags.Replace(':', '-'));
            var r = index;
            result.Add(new ParityCase(name, _ => Compare(tokenizer.Value, expected.Value, r, text, contextLength, truncate, bpeIds)));
            row++;
        }
        return result;
    }

    private static ParityOutcome Compare(ClipTokenizer tokenizer, NdArray expected, int row, string text, int contextLength, bool truncate, int[]? bpeIds)
    {
        var width = expected.Shape[1];
        var reference = expected.ToInt64Array().AsSpan(row * width, width);
        var actual = tokenizer.Tokenize(text, contextLength, truncate).ToInt64Array();
        var outcomes = new List<ParityOutcome>();
        long mismatches = actual.Length == reference.Length ? 0 : Math.Max(actual.Length, reference.Length);
        for (var i = 0; i < Math.Min(actual.Length, reference.Length); i++)
        {
            if (actual[i] != reference[i]) { mismatches++; }
        }
        outcomes.Add(ParityOutcome.Exact("tokens", mismatches, mismatches == 0 ? null : $"got [{string.Join(' ', actual.TakeWhile(v => v != 0))}]"));
        if (bpeIds is not null)
        {
            var ids = tokenizer.Encode(text);
            long bad = ids.Count == bpeIds.Length ? ids.Where((v, i) => v != bpeIds[i]).Count() : Math.Max(ids.Count, bpeIds.Length);
            outcomes.Add(ParityOutcome.Exact("bpe_ids", bad, bad == 0 ? null : $"got [{string.Join(' ', ids)}], expected [{string.Join(' ', bpeIds)}]"));
        }
        return ParityOutcome.All(outcomes);
    }

    private static ParityOutcome Raises(ClipTokenizer tokenizer, string text, int contextLength)
    {
        try
        {
            tokenizer.Tokenize(text, contextLength, truncate: false);
            return ParityOutcome.Exact("raised", 1, "an over-long text was accepted without truncate");
        }
        catch (TesseraArgumentException ex) when (ex.ParamName == "text")
        {
            return ParityOutcome.Exact("raised", 0);
        }
    }
}
