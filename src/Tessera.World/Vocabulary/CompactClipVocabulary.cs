using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Tessera.Core.Errors;
using Tessera.Core.IO;
using Tessera.Nn.Models.Clip.Tokenizer;

namespace Tessera.World.Vocabulary;

/// <summary>
/// Cuts a small vocabulary out of CLIP's BPE vocabulary for a known set of texts, so a tiny CLIP needs a token
/// embedding of a few hundred rows instead of 49,408. The result is a Hugging Face tokenizer folder
/// (<c>vocab.json</c> + <c>merges.txt</c>) that <see cref="ClipTokenizer.FromFile"/> reads.
/// </summary>
/// <remarks>
/// It keeps CLIP's 512 byte symbols (so any text still tokenizes), the merges CLIP's BPE applies to the words of the
/// texts, in CLIP's rank order, and the start/end tokens (the end token gets the largest id, as CLIP's
/// <c>argmax</c> pooling needs). Because the kept merges keep their relative order, BPE applies the same merges in the
/// same order to those words, so they split into exactly the pieces CLIP's full vocabulary gives (checked on every
/// text when the folder is written); ids are renumbered compactly. Words outside the set split into smaller pieces.
/// </remarks>
public static partial class CompactClipVocabulary
{
    /// <summary>Writes the compact vocabulary of <paramref name="texts"/> to <paramref name="directory"/>.</summary>
    /// <param name="source">CLIP's vocabulary: <c>bpe_simple_vocab_16e6.txt.gz</c> (or plain), or a Hugging Face folder
    /// with <c>merges.txt</c> (a compact vocabulary written by this method works too for the same texts).</param>
    /// <param name="texts">The texts the model will see.</param>
    /// <param name="directory">Output folder (<c>vocab.json</c> and <c>merges.txt</c> are written atomically).</param>
    /// <returns>Number of vocabulary entries.</returns>
    /// <exception cref="FileNotFoundException">The source does not exist.</exception>
    /// <exception cref="TesseraFormatException">The source is not a BPE merges file, or a text tokenizes differently with the compact vocabulary.</exception>
    public static int Write(string source, IEnumerable<string> texts, string directory)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(directory);
        var full = ClipTokenizer.FromFile(source);
        var merges = ReadMerges(source);
        var ranks = new Dictionary<(string, string), int>();
        for (var i = 0; i < merges.Count; i++) { ranks.TryAdd(merges[i], i); }
        var textList = texts.Distinct(StringComparer.Ordinal).ToList();
        var used = new SortedSet<int>();
        foreach (var word in textList.SelectMany(t => WordPattern().Matches(ClipTokenizer.Clean(t).ToLowerInvariant()).Select(m => m.Value)).Distinct(StringComparer.Ordinal))
        {
            Guard.That(word.All(c => c < 128), nameof(texts), $"word '{word}' is not ASCII (only ASCII words are supported)");
            foreach (var rank in Bpe(word, ranks)) { used.Add(rank); }
        }
        var vocab = new List<string>(full.IdsToTokens(Enumerable.Range(0, 512)));
        var kept = used.Select(r => merges[r]).ToList();
        vocab.AddRange(kept.Select(m => m.Item1 + m.Item2));
        vocab.Add("<|startoftext|>");
        vocab.Add("<|endoftext|>");
        var encoder = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var token in vocab) { encoder.TryAdd(token, encoder.Count); }
        Directory.CreateDirectory(directory);
        AtomicFile.WriteAllText(Path.Combine(directory, "vocab.json"), JsonSerializer.Serialize(encoder));
        AtomicFile.WriteAllText(Path.Combine(directory, "merges.txt"), "#version: 0.2\n" + string.Concat(kept.Select(m => $"{m.Item1} {m.Item2}\n")));
        var compact = ClipTokenizer.FromFile(directory);
        foreach (var text in textList)
        {
            var expected = full.IdsToTokens(full.Encode(text));
            var actual = compact.IdsToTokens(compact.Encode(text));
            if (!expected.SequenceEqual(actual))
            {
                throw new TesseraFormatException(directory, null, $"'{text}' tokenizes as [{string.Join(' ', actual)}], CLIP gives [{string.Join(' ', expected)}]");
            }
        }
        return encoder.Count;
    }

    /// <summary>The ranks of the merges CLIP's BPE applies to one word (with the end-of-word mark on its last symbol).</summary>
    private static List<int> Bpe(string word, Dictionary<(string, string), int> ranks)
    {
        var symbols = word.Select(c => c.ToString()).ToList();
        symbols[^1] += "</w>";
        var applied = new List<int>();
        while (symbols.Count > 1)
        {
            var best = int.MaxValue;
            (string, string) pair = default;
            for (var i = 0; i + 1 < symbols.Count; i++)
            {
                if (ranks.TryGetValue((symbols[i], symbols[i + 1]), out var r) && r < best)
                {
                    best = r;
                    pair = (symbols[i], symbols[i + 1]);
                }
            }
            if (best == int.MaxValue) { break; }
            applied.Add(best);
            var merged = new List<string>(symbols.Count);
            for (var i = 0; i < symbols.Count; i++)
            {
                if (i + 1 < symbols.Count && symbols[i] == pair.Item1 && symbols[i + 1] == pair.Item2)
                {
                    merged.Add(pair.Item1 + pair.Item2);
                    i++;
                }
                else
                {
                    merged.Add(symbols[i]);
                }
            }
            symbols = merged;
        }
        return applied;
    }

    private static List<(string, string)> ReadMerges(string source)
    {
        var path = Directory.Exists(source) ? Path.Combine(source, "merges.txt") : source;
        if (!File.Exists(path)) { throw new FileNotFoundException($"BPE merges '{path}' do not exist", path); }
        string text;
        using (var file = File.OpenRead(path))
        {
            var gz = file.ReadByte() == 0x1F && file.ReadByte() == 0x8B;
            file.Position = 0;
            using Stream input = gz ? new GZipStream(file, CompressionMode.Decompress) : file;
            using var reader = new StreamReader(input, Encoding.UTF8);
            text = reader.ReadToEnd();
        }
        var lines = text.Split('\n');
        var end = Math.Min(lines.Length, 49152 - 256 - 2 + 1);
        var merges = new List<(string, string)>(end);
        for (var i = 1; i < end; i++)
        {
            var parts = lines[i].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2) { merges.Add((parts[0], parts[1])); }
        }
        return merges;
    }

    [GeneratedRegex(@"[a-z]+|[0-9]|[^\sa-z0-9]+")]
    private static partial Regex WordPattern();
}
