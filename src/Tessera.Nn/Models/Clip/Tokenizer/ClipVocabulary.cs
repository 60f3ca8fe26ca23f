using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Tessera.Core.Errors;

namespace Tessera.Nn.Models.Clip.Tokenizer;

/// <summary>
/// A CLIP BPE vocabulary: token → id and merge ranks, read from OpenAI's <c>bpe_simple_vocab_16e6.txt.gz</c> (or
/// its uncompressed text) or from a Hugging Face tokenizer folder (<c>vocab.json</c> + <c>merges.txt</c>).
/// </summary>
internal sealed class ClipVocabulary
{
    /// <summary>Suffix marking the last symbol of a word.</summary>
    public const string EndOfWord = "</w>";

    /// <summary>Start-of-text token string.</summary>
    public const string StartOfText = "<|startoftext|>";

    /// <summary>End-of-text token string.</summary>
    public const string EndOfText = "<|endoftext|>";

    /// <summary>Merge lines CLIP uses: <c>lines[1 : 49152 - 256 - 2 + 1]</c>.</summary>
    public const int MergeLineEnd = 49152 - 256 - 2 + 1;

    private ClipVocabulary(Dictionary<string, int> encoder, Dictionary<(string, string), int> ranks, string source)
    {
        Encoder = encoder;
        Ranks = ranks;
        var decoder = new Dictionary<int, string>(encoder.Count);
        foreach (var (token, id) in encoder) { decoder[id] = token; }
        Decoder = decoder;
        StartId = encoder.TryGetValue(StartOfText, out var s) ? s
            : throw new TesseraFormatException(source, null, $"vocabulary has no {StartOfText} token");
        EndId = encoder.TryGetValue(EndOfText, out var e) ? e
            : throw new TesseraFormatException(source, null, $"vocabulary has no {EndOfText} token");
    }

    /// <summary>Token string → id.</summary>
    public IReadOnlyDictionary<string, int> Encoder { get; }

    /// <summary>Id → token string.</summary>
    public IReadOnlyDictionary<int, string> Decoder { get; }

    /// <summary>Merge pair → rank (0 merges first).</summary>
    public IReadOnlyDictionary<(string, string), int> Ranks { get; }

    /// <summary>Id of <c>&lt;|startoftext|&gt;</c>.</summary>
    public int StartId { get; }

    /// <summary>Id of <c>&lt;|endoftext|&gt;</c>.</summary>
    public int EndId { get; }

    /// <summary>Reads OpenAI's merges file (gzip-compressed or plain UTF-8) and builds CLIP's vocabulary from it.</summary>
    public static ClipVocabulary FromOpenAiMerges(string path)
    {
        string text;
        using (var file = File.OpenRead(path))
        {
            var gz = file.ReadByte() == 0x1F && file.ReadByte() == 0x8B;
            file.Position = 0;
            try
            {
                using Stream input = gz ? new GZipStream(file, CompressionMode.Decompress) : file;
                using var reader = new StreamReader(input, new UTF8Encoding(false, throwOnInvalidBytes: true));
                text = reader.ReadToEnd();
            }
            catch (Exception ex) when (ex is InvalidDataException or DecoderFallbackException or IOException)
            {
                throw new TesseraFormatException(path, null, $"not a readable BPE merges file ({ex.Message})");
            }
        }
        var lines = text.Split('\n');
        // CLIP keeps merge lines 1 … 48894: a shorter file (a truncated download or gzip stream) would shift the ids
        // of the special tokens and give wrong token ids without a word
        if (lines.Length < MergeLineEnd)
        {
            throw new TesseraFormatException(path, $"line {lines.Length}",
                $"the file ends after {lines.Length} lines but CLIP's vocabulary needs {MergeLineEnd} (a version header and {MergeLineEnd - 1} merges): truncated?");
        }
        var merges = ParseMerges(lines, path);
        var vocab = new List<string>(MergeLineEnd + 2 + 512);
        foreach (var b in ByteSymbols.VocabularyOrder()) { vocab.Add(ByteSymbols.OfByte[b].ToString()); }
        var count = vocab.Count;
        for (var i = 0; i < count; i++) { vocab.Add(vocab[i] + EndOfWord); }
        foreach (var parts in merges) { vocab.Add(string.Concat(parts)); }
        vocab.Add(StartOfText);
        vocab.Add(EndOfText);
        var encoder = new Dictionary<string, int>(vocab.Count, StringComparer.Ordinal);
        for (var i = 0; i < vocab.Count; i++) { encoder[vocab[i]] = i; }
        return new ClipVocabulary(encoder, BuildRanks(merges), path);
    }

    /// <summary>
    /// Reads a Hugging Face CLIP tokenizer folder: <c>vocab.json</c> and <c>merges.txt</c> (slow tokenizer files), or
    /// when those are absent <c>tokenizer.json</c> (fast tokenizer: <c>model.vocab</c> and <c>model.merges</c>).
    /// </summary>
    public static ClipVocabulary FromHuggingFaceFolder(string folder)
    {
        var vocabPath = Path.Combine(folder, "vocab.json");
        var mergesPath = Path.Combine(folder, "merges.txt");
        var fastPath = Path.Combine(folder, "tokenizer.json");
        if (!File.Exists(vocabPath) && !File.Exists(mergesPath) && File.Exists(fastPath))
        {
            return FromTokenizerJson(fastPath);
        }
        if (!File.Exists(vocabPath)) { throw new FileNotFoundException($"Hugging Face tokenizer folder '{folder}' has no vocab.json", vocabPath); }
        if (!File.Exists(mergesPath)) { throw new FileNotFoundException($"Hugging Face tokenizer folder '{folder}' has no merges.txt", mergesPath); }
        Dictionary<string, int>? encoder;
        try
        {
            encoder = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllBytes(vocabPath));
        }
        catch (JsonException ex)
        {
            throw new TesseraFormatException(vocabPath, ex.BytePositionInLine is { } p ? $"line {ex.LineNumber + 1}, byte {p}" : null,
                $"vocab.json must be a JSON object of token → id ({ex.Message})");
        }
        if (encoder is null) { throw new TesseraFormatException(vocabPath, null, "vocab.json must be a JSON object of token → id"); }
        var lines = PythonText.Strip(File.ReadAllText(mergesPath, Encoding.UTF8)).Split('\n');
        var merges = ParseMerges(lines, mergesPath);
        foreach (var parts in merges)
        {
            var joined = string.Concat(parts);
            if (!encoder.ContainsKey(joined))
            {
                throw new TesseraFormatException(mergesPath, null, $"merge '{string.Join(' ', parts)}' produces '{joined}', which vocab.json lacks");
            }
        }
        return new ClipVocabulary(new Dictionary<string, int>(encoder, StringComparer.Ordinal), BuildRanks(merges), vocabPath);
    }

    /// <summary>Reads a Hugging Face fast-tokenizer file (<c>tokenizer.json</c> with a BPE model).</summary>
    public static ClipVocabulary FromTokenizerJson(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            if (!doc.RootElement.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.Object
                || !model.TryGetProperty("vocab", out var vocab) || vocab.ValueKind != JsonValueKind.Object
                || !model.TryGetProperty("merges", out var mergesElement) || mergesElement.ValueKind != JsonValueKind.Array)
            {
                throw new TesseraFormatException(path, null, "tokenizer.json must hold a BPE model with 'vocab' and 'merges'");
            }
            var encoder = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var p in vocab.EnumerateObject()) { encoder[p.Name] = p.Value.GetInt32(); }
            var merges = new List<string[]>();
            foreach (var m in mergesElement.EnumerateArray())
            {
                // Older files store "a b" strings, newer ones ["a", "b"] pairs.
                merges.Add(m.ValueKind == JsonValueKind.Array ? [.. m.EnumerateArray().Select(x => x.GetString()!)] : SplitPython(m.GetString()!));
                if (merges.Count == MergeLineEnd - 1) { break; }
            }
            return new ClipVocabulary(encoder, BuildRanks(merges), path);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new TesseraFormatException(path, null, $"tokenizer.json is not a readable BPE tokenizer ({ex.Message})");
        }
    }

    private static List<string[]> ParseMerges(string[] lines, string source)
    {
        if (lines.Length < 2) { throw new TesseraFormatException(source, "line 1", "expected a version header followed by merge lines"); }
        var end = Math.Min(lines.Length, MergeLineEnd);
        var merges = new List<string[]>(end);
        for (var i = 1; i < end; i++)
        {
            var parts = SplitPython(lines[i]);
            if (parts.Length == 0) { throw new TesseraFormatException(source, $"line {i + 1}", "empty merge line"); }
            merges.Add(parts);
        }
        return merges;
    }

    private static Dictionary<(string, string), int> BuildRanks(List<string[]> merges)
    {
        var ranks = new Dictionary<(string, string), int>(merges.Count);
        for (var i = 0; i < merges.Count; i++)
        {
            if (merges[i].Length == 2) { ranks[(merges[i][0], merges[i][1])] = i; }
        }
        return ranks;
    }

    private static string[] SplitPython(string line)
    {
        var parts = new List<string>(2);
        var start = -1;
        for (var i = 0; i <= line.Length; i++)
        {
            var space = i == line.Length || PythonText.IsSpace(line[i]);
            if (space && start >= 0)
            {
                parts.Add(line[start..i]);
                start = -1;
            }
            else if (!space && start < 0)
            {
                start = i;
            }
        }
        return [.. parts];
    }
}
