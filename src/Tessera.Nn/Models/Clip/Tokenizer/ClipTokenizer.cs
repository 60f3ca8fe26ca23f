using System.Collections.Concurrent;
using System.Text;
using Tessera.Core.Arrays;
using Tessera.Core.Errors;

namespace Tessera.Nn.Models.Clip.Tokenizer;

/// <summary>
/// CLIP's byte-level BPE tokenizer, reproducing openai/CLIP (commit d05afc4) <c>simple_tokenizer.py</c> and
/// <c>clip.tokenize</c>: text clean-up (the ftfy subset described below, <c>html.unescape</c> twice, whitespace
/// collapse, Python's full lower-casing), the regex pre-tokenizer, byte symbols, BPE by merge rank with
/// <c>&lt;/w&gt;</c> word ends, and <c>&lt;|startoftext|&gt;</c> … <c>&lt;|endoftext|&gt;</c> rows zero-padded to the
/// context length. Instances are immutable apart from a thread-safe BPE cache and may be shared across threads.
/// </summary>
/// <remarks>
/// <c>ftfy.fix_text</c> is reproduced for HTML entities, C1 controls, Latin ligatures, full-width forms, curly quotes,
/// line breaks, terminal escapes, control characters and NFC; its mojibake repair (re-decoding text that was
/// mis-decoded as Latin-1/Windows-1252) is not, so such text tokenizes as written.
/// </remarks>
public sealed class ClipTokenizer
{
    /// <summary>CLIP's context length.</summary>
    public const int DefaultContextLength = 77;

    private const int MaxCacheEntries = 1 << 17;
    private readonly ClipVocabulary _vocabulary;
    private readonly ConcurrentDictionary<string, int[]> _cache = new(StringComparer.Ordinal);

    private ClipTokenizer(ClipVocabulary vocabulary)
    {
        _vocabulary = vocabulary;
        _cache[ClipVocabulary.StartOfText] = [vocabulary.StartId];
        _cache[ClipVocabulary.EndOfText] = [vocabulary.EndId];
    }

    /// <summary>Id of <c>&lt;|startoftext|&gt;</c> (49406 for CLIP's vocabulary).</summary>
    public int StartOfTextId => _vocabulary.StartId;

    /// <summary>Id of <c>&lt;|endoftext|&gt;</c> (49407 for CLIP's vocabulary).</summary>
    public int EndOfTextId => _vocabulary.EndId;

    /// <summary>Number of vocabulary entries (49408 for CLIP's vocabulary).</summary>
    public int VocabularySize => _vocabulary.Encoder.Count;

    /// <summary>
    /// Loads a vocabulary: OpenAI's <c>bpe_simple_vocab_16e6.txt.gz</c> (gzip or plain text), a Hugging Face
    /// tokenizer folder holding <c>vocab.json</c> and <c>merges.txt</c> (the folder, or either file's path), or a
    /// Hugging Face <c>tokenizer.json</c> (the file, or a folder holding only it).
    /// </summary>
    /// <param name="path">The file or folder.</param>
    /// <returns>A tokenizer.</returns>
    /// <exception cref="FileNotFoundException">The path, or a file the folder needs, does not exist.</exception>
    /// <exception cref="TesseraFormatException">The files are not a CLIP BPE vocabulary.</exception>
    public static ClipTokenizer FromFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            return new ClipTokenizer(ClipVocabulary.FromHuggingFaceFolder(path));
        }
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"vocabulary '{path}' does not exist", path);
        }
        var name = Path.GetFileName(path);
        if (name.Equals("tokenizer.json", StringComparison.OrdinalIgnoreCase))
        {
            return new ClipTokenizer(ClipVocabulary.FromTokenizerJson(path));
        }
        if (name.Equals("vocab.json", StringComparison.OrdinalIgnoreCase) || name.Equals("merges.txt", StringComparison.OrdinalIgnoreCase))
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
            if (File.Exists(Path.Combine(folder, "vocab.json")) && File.Exists(Path.Combine(folder, "merges.txt")))
            {
                return new ClipTokenizer(ClipVocabulary.FromHuggingFaceFolder(folder));
            }
        }
        return new ClipTokenizer(ClipVocabulary.FromOpenAiMerges(path));
    }

    /// <summary>
    /// The text after clean-up and lower-casing, as the pre-tokenizer sees it (<c>whitespace_clean(basic_clean(text)).lower()</c>).
    /// </summary>
    /// <param name="text">Any text; lone surrogates become U+FFFD, as ftfy makes them.</param>
    /// <returns>The cleaned text.</returns>
    /// <exception cref="TesseraArgumentException">The text cannot be cleaned (not expected for any .NET string).</exception>
    public static string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            return ClipTextCleaner.Clean(text);
        }
        catch (ArgumentException ex) when (ex is not TesseraArgumentException)
        {
            throw new TesseraArgumentException(nameof(text), ex.Message);
        }
    }

    /// <summary>BPE ids of a text without start/end tokens (<c>SimpleTokenizer.encode</c>).</summary>
    /// <param name="text">Any text; may be empty.</param>
    /// <returns>The ids.</returns>
    /// <exception cref="TesseraArgumentException">The text cannot be cleaned (see <see cref="Clean"/>).</exception>
    public IReadOnlyList<int> Encode(string text) => Encode(text, fixText: true);

    /// <summary>BPE ids, optionally without the ftfy step (for comparisons with reference runs that lacked ftfy).</summary>
    internal IReadOnlyList<int> Encode(string text, bool fixText)
    {
        ArgumentNullException.ThrowIfNull(text);
        var cleaned = fixText ? Clean(text) : ClipTextCleaner.Clean(text, fixText: false);
        var ids = new List<int>();
        foreach (var piece in ClipPreTokenizer.Split(cleaned))
        {
            ids.AddRange(EncodePiece(piece));
        }
        return ids;
    }

    /// <summary>The vocabulary strings of ids (byte symbols, <c>&lt;/w&gt;</c> word ends).</summary>
    /// <param name="ids">Token ids.</param>
    /// <returns>One string per id.</returns>
    /// <exception cref="TesseraArgumentException">An id is not in the vocabulary.</exception>
    public IReadOnlyList<string> IdsToTokens(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var tokens = new List<string>();
        foreach (var id in ids)
        {
            Guard.That(_vocabulary.Decoder.TryGetValue(id, out var token), nameof(ids), $"id {id} is not in the vocabulary");
            tokens.Add(token);
        }
        return tokens;
    }

    /// <summary>
    /// Decodes ids back to text as <c>SimpleTokenizer.decode</c> does (<c>&lt;/w&gt;</c> becomes a space; invalid UTF-8
    /// becomes U+FFFD).
    /// </summary>
    /// <param name="ids">Token ids.</param>
    /// <returns>The text.</returns>
    /// <exception cref="TesseraArgumentException">An id is not in the vocabulary.</exception>
    public string Decode(IEnumerable<int> ids)
    {
        var joined = string.Concat(IdsToTokens(ids));
        var byteOf = ByteSymbols.ByteOf;
        var bytes = new List<byte>(joined.Length);
        foreach (var c in joined)
        {
            if (byteOf.TryGetValue(c, out var b)) { bytes.Add(b); }
            else { bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString())); }
        }
        return Encoding.UTF8.GetString([.. bytes]).Replace(ClipVocabulary.EndOfWord, " ", StringComparison.Ordinal);
    }

    /// <summary>
    /// <c>clip.tokenize</c>: one row per text, <c>[start] + Encode(text) + [end]</c> zero-padded to
    /// <paramref name="contextLength"/>. A row that does not fit is an error, or with <paramref name="truncate"/>
    /// keeps its first <paramref name="contextLength"/> ids and ends with the end token.
    /// </summary>
    /// <param name="texts">The texts (not modified).</param>
    /// <param name="contextLength">Row length, ≥ 2 (CLIP: 77).</param>
    /// <param name="truncate">Cut over-long texts instead of throwing.</param>
    /// <returns>An int64 array [texts.Count, contextLength].</returns>
    /// <exception cref="TesseraArgumentException">A text is too long for the context length and
    /// <paramref name="truncate"/> is false; the context length is below 2; an entry is null.</exception>
    public NdArray Tokenize(IReadOnlyList<string> texts, int contextLength = DefaultContextLength, bool truncate = false)
    {
        ArgumentNullException.ThrowIfNull(texts);
        Guard.That(contextLength >= 2, nameof(contextLength), $"must be at least 2 to hold the start and end tokens (got {contextLength})");
        var result = NdArray.Zeros(DType.Int64, texts.Count, contextLength);
        var data = result.AsSpan<long>();
        for (var row = 0; row < texts.Count; row++)
        {
            var text = texts[row];
            Guard.That(text is not null, nameof(texts), $"entry {row} must not be null");
            var ids = Encode(text);
            var total = ids.Count + 2;
            if (total > contextLength && !truncate)
            {
                throw new TesseraArgumentException(nameof(text),
                    $"input \"{text}\" is too long for context length {contextLength} ({total} tokens with start and end; pass truncate to cut it)");
            }
            var span = data.Slice(row * contextLength, contextLength);
            var kept = Math.Min(total, contextLength);
            span[0] = StartOfTextId;
            for (var k = 1; k < kept - 1; k++) { span[k] = ids[k - 1]; }
            span[kept - 1] = EndOfTextId;
        }
        return result;
    }

    /// <summary>Tokenizes one text (see <see cref="Tokenize(IReadOnlyList{string}, int, bool)"/>).</summary>
    /// <param name="text">The text.</param>
    /// <param name="contextLength">Row length.</param>
    /// <param name="truncate">Cut over-long text instead of throwing.</param>
    /// <returns>An int64 array [1, contextLength].</returns>
    /// <exception cref="TesseraArgumentException">As for the list overload.</exception>
    public NdArray Tokenize(string text, int contextLength = DefaultContextLength, bool truncate = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Tokenize([text], contextLength, truncate);
    }

    private int[] EncodePiece(string piece)
    {
        if (_cache.TryGetValue(piece, out var cached)) { return cached; }
        var utf8 = Encoding.UTF8.GetBytes(piece);
        var symbols = new char[utf8.Length];
        for (var i = 0; i < utf8.Length; i++) { symbols[i] = ByteSymbols.OfByte[utf8[i]]; }
        var parts = BytePairEncoder.Encode(new string(symbols), _vocabulary.Ranks);
        var ids = new int[parts.Count];
        for (var i = 0; i < parts.Count; i++)
        {
            if (!_vocabulary.Encoder.TryGetValue(parts[i], out ids[i]))
            {
                throw new TesseraFormatException("vocabulary", null, $"BPE produced symbol '{parts[i]}', which the vocabulary lacks");
            }
        }
        if (_cache.Count < MaxCacheEntries) { _cache.TryAdd(piece, ids); }
        return ids;
    }
}
