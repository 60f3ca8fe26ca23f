using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Tessera.Core.Arrays;
using Tessera.Core.Errors;
using Tessera.Nn.Models.Clip.Tokenizer;
using Tessera.TestSupport;

namespace Tessera.Nn.Tests.Models.Clip.Tokenizer;

public sealed class ClipTokenizerTests
{
    internal static readonly Lazy<ClipTokenizer> OpenAi = new(() => ClipTokenizer.FromFile(VocabPath));

    internal static string VocabPath => SharedFixtures.Get("models", "clip_tokenizer", "bpe_simple_vocab_16e6.txt.gz");

    internal static IReadOnlyList<JsonElement> Cases()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(SharedFixtures.Get("models", "clip_tokenizer", "cases.json")));
        return [.. doc.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    public static TheoryData<int> CaseIndices()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Cases().Count; i++) { data.Add(i); }
        return data;
    }

    [Fact]
    public void FromFile_OpenAiGzip_HasClipSpecialTokensAndSize()
    {
        var t = OpenAi.Value;
        Assert.Equal(49406, t.StartOfTextId);
        Assert.Equal(49407, t.EndOfTextId);
        Assert.Equal(49408, t.VocabularySize);
        Assert.Equal(["!", "\u0100", "\u0120", "!</w>"], t.IdsToTokens([0, 188, 220, 256]));
    }

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void Clean_FixtureText_EqualsReferenceCleanedLowercased(int index)
    {
        var c = Cases()[index];
        Assert.Equal(c.GetProperty("cleaned_lowercased").GetString(), ClipTokenizer.Clean(c.GetProperty("text").GetString()!));
    }

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void Encode_FixtureText_EqualsReferenceBpeIdsAndTokens(int index)
    {
        var c = Cases()[index];
        var ids = OpenAi.Value.Encode(c.GetProperty("text").GetString()!);
        Assert.Equal(c.GetProperty("bpe_ids").EnumerateArray().Select(e => e.GetInt32()), ids);
        Assert.Equal(c.GetProperty("bpe_tokens").EnumerateArray().Select(e => e.GetString()!), OpenAi.Value.IdsToTokens(ids));
    }

    [Fact]
    public void FromFile_HuggingFaceFolder_GivesSameIdsAsOpenAiFile()
    {
        // Given a Hugging Face folder written from the OpenAI vocabulary (vocab.json + merges.txt)
        var dir = Directory.CreateTempSubdirectory("tessera-hf-clip-");
        try
        {
            var vocab = ClipVocabulary.FromOpenAiMerges(VocabPath);
            File.WriteAllText(Path.Combine(dir.FullName, "vocab.json"), JsonSerializer.Serialize(vocab.Encoder));
            using (var gz = new GZipStream(File.OpenRead(VocabPath), CompressionMode.Decompress))
            using (var reader = new StreamReader(gz, Encoding.UTF8))
            {
                var lines = reader.ReadToEnd().Split('\n').Skip(1).Take(ClipVocabulary.MergeLineEnd - 1);
                File.WriteAllText(Path.Combine(dir.FullName, "merges.txt"), "#version: 0.2\n" + string.Join('\n', lines) + "\n");
            }

            // When both tokenizers encode every fixture text
            var hf = ClipTokenizer.FromFile(dir.FullName);
            var viaFile = ClipTokenizer.FromFile(Path.Combine(dir.FullName, "vocab.json"));

            // Then the ids agree
            foreach (var c in Cases())
            {
                var text = c.GetProperty("text").GetString()!;
                Assert.Equal(OpenAi.Value.Encode(text), hf.Encode(text));
                Assert.Equal(OpenAi.Value.Encode(text), viaFile.Encode(text));
            }
            Assert.Equal(49406, hf.StartOfTextId);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void FromFile_HuggingFaceTokenizerJson_GivesSameIdsAsOpenAiFile(bool pairMerges)
    {
        // Given a tokenizer.json (merges as "a b" strings or as ["a", "b"] pairs) written from the OpenAI vocabulary
        var dir = Directory.CreateTempSubdirectory("tessera-hf-fast-");
        try
        {
            var vocab = ClipVocabulary.FromOpenAiMerges(VocabPath);
            List<string> lines;
            using (var gz = new GZipStream(File.OpenRead(VocabPath), CompressionMode.Decompress))
            using (var reader = new StreamReader(gz, Encoding.UTF8))
            {
                lines = [.. reader.ReadToEnd().Split('\n').Skip(1).Take(ClipVocabulary.MergeLineEnd - 1)];
            }
            object merges = pairMerges ? lines.Select(l => l.Split(' ')).ToList() : lines;
            var json = JsonSerializer.Serialize(new { version = "1.0", model = new { type = "BPE", vocab = vocab.Encoder, merges } });
            var path = Path.Combine(dir.FullName, "tokenizer.json");
            File.WriteAllText(path, json);

            // When loaded from the file and from its folder
            var fromFile = ClipTokenizer.FromFile(path);
            var fromFolder = ClipTokenizer.FromFile(dir.FullName);

            // Then every fixture text gets the same ids
            foreach (var c in Cases())
            {
                var text = c.GetProperty("text").GetString()!;
                Assert.Equal(OpenAi.Value.Encode(text), fromFile.Encode(text));
                Assert.Equal(OpenAi.Value.Encode(text), fromFolder.Encode(text));
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void FromFile_TokenizerJsonWithoutModel_ThrowsFormatException()
    {
        var dir = Directory.CreateTempSubdirectory("tessera-hf-fast-bad-");
        try
        {
            var path = Path.Combine(dir.FullName, "tokenizer.json");
            File.WriteAllText(path, "{\"model\": {\"type\": \"WordPiece\"}}");
            Assert.Throws<TesseraFormatException>(() => ClipTokenizer.FromFile(path));
            File.WriteAllText(path, "{ not json");
            Assert.Throws<TesseraFormatException>(() => ClipTokenizer.FromFile(path));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Tokenize_ShortTexts_StartIdsEndThenZeroPadding()
    {
        var t = OpenAi.Value;
        var result = t.Tokenize(["a photo of a cat", ""]);
        Assert.Equal(DType.Int64, result.DType);
        Assert.Equal([2, 77], result.Shape);
        var v = result.ToInt64Array();
        var ids = t.Encode("a photo of a cat");
        Assert.Equal([49406L, .. ids.Select(i => (long)i), 49407L], v.Take(ids.Count + 2));
        Assert.All(v.Skip(ids.Count + 2).Take(77 - ids.Count - 2), x => Assert.Equal(0, x));
        Assert.Equal([49406L, 49407L, 0L], v.Skip(77).Take(3));
    }

    [Fact]
    public void Tokenize_TooLongWithoutTruncate_ThrowsNamingTextAndRule()
    {
        var text = string.Concat(Enumerable.Repeat("cat ", 76));
        var ex = Assert.Throws<TesseraArgumentException>(() => OpenAi.Value.Tokenize([text]));
        Assert.Equal("text", ex.ParamName);
        Assert.Contains("too long for context length 77", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tokenize_TooLongWithTruncate_KeepsFirstIdsAndEndsWithEnd()
    {
        var text = string.Concat(Enumerable.Repeat("cat ", 100));
        var row = OpenAi.Value.Tokenize(text, truncate: true).ToInt64Array();
        var cat = OpenAi.Value.Encode("cat")[0];
        Assert.Equal(49406, row[0]);
        Assert.All(row.Skip(1).Take(75), x => Assert.Equal(cat, x));
        Assert.Equal(49407, row[76]);
    }

    [Fact]
    public void Tokenize_ExactlyFits_HasNoPadding()
    {
        var text = string.Concat(Enumerable.Repeat("cat ", 75));
        var row = OpenAi.Value.Tokenize(text).ToInt64Array();
        Assert.Equal(49407, row[76]);
        Assert.DoesNotContain(0L, row);
    }

    [Fact]
    public void Tokenize_SmallContextLength_UsesIt()
    {
        var row = OpenAi.Value.Tokenize("a photo of a cat", contextLength: 4, truncate: true).ToInt64Array();
        Assert.Equal(4, row.Length);
        Assert.Equal([49406L, OpenAi.Value.Encode("a")[0], OpenAi.Value.Encode("photo")[0], 49407L], row);
    }

    [Fact]
    public void Tokenize_ContextLengthBelowTwo_ThrowsNamingIt()
    {
        var ex = Assert.Throws<TesseraArgumentException>(() => OpenAi.Value.Tokenize(["a"], contextLength: 1));
        Assert.Equal("contextLength", ex.ParamName);
    }

    [Fact]
    public void Tokenize_NullEntry_ThrowsNamingTexts()
    {
        var ex = Assert.Throws<TesseraArgumentException>(() => OpenAi.Value.Tokenize(["a", null!]));
        Assert.Equal("texts", ex.ParamName);
    }

    [Fact]
    public void Encode_LoneSurrogate_BecomesReplacementCharacterAsFtfyDoes()
    {
        Assert.Equal(OpenAi.Value.Encode("cat \uFFFD dog \uFFFD"), OpenAi.Value.Encode("cat \uD800 dog \uDC00"));
    }

    [Fact]
    public void Encode_WithoutFtfyLoneSurrogate_ThrowsArgumentException()
    {
        Assert.ThrowsAny<ArgumentException>(() => OpenAi.Value.Encode("cat \uD800 dog", fixText: false));
    }

    [Fact]
    public void Encode_EveryCodePointAlone_GivesValidIdsWithoutThrowing()
    {
        var t = OpenAi.Value;
        var sb = new StringBuilder();
        for (var cp = 0; cp <= 0x10FFFF; cp += cp < 0x30000 ? 1 : 0x101)
        {
            // Every code point (and lone surrogates) between two letters, in chunks to keep the test fast.
            sb.Append('a').Append(cp is >= 0xD800 and <= 0xDFFF ? ((char)cp).ToString() : char.ConvertFromUtf32(cp)).Append('b');
            if (sb.Length > 4000 || cp == 0x10FFFF)
            {
                var ids = t.Encode(sb.ToString());
                Assert.All(ids, id => Assert.InRange(id, 0, t.VocabularySize - 1));
                sb.Clear();
            }
        }
    }

    [Fact]
    public void Encode_SpecialTokenLiterals_MapToSpecialIds()
    {
        Assert.Equal([49406, 49407], OpenAi.Value.Encode("<|startoftext|> <|endoftext|>"));
        Assert.Equal([49407], OpenAi.Value.Encode("<|ENDOFTEXT|>"));
    }

    [Fact]
    public void Decode_EncodedText_GivesCleanedTextWithWordSpaces()
    {
        var t = OpenAi.Value;
        Assert.Equal("a photo of a café 2 ", t.Decode(t.Encode("A  Photo of a CAFÉ 2")));
    }

    [Fact]
    public void Encode_ManyThreads_SameIdsAsSequential()
    {
        var texts = Cases().Select(c => c.GetProperty("text").GetString()!).ToArray();
        var fresh = ClipTokenizer.FromFile(VocabPath);
        var expected = texts.Select(t => OpenAi.Value.Encode(t).ToArray()).ToArray();
        var results = new int[texts.Length * 8][];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => results[i] = [.. fresh.Encode(texts[i % texts.Length])]);
        for (var i = 0; i < results.Length; i++) { Assert.Equal(expected[i % texts.Length], results[i]); }
    }

    [Fact]
    public void FromFile_Missing_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => ClipTokenizer.FromFile("/nonexistent/bpe.txt.gz"));
    }

    [Fact]
    public void FromFile_HuggingFaceFolderWithoutMerges_ThrowsFileNotFound()
    {
        var dir = Directory.CreateTempSubdirectory("tessera-hf-bad-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "vocab.json"), "{}");
            Assert.Throws<FileNotFoundException>(() => ClipTokenizer.FromFile(dir.FullName));
            File.WriteAllText(Path.Combine(dir.FullName, "merges.txt"), "#version: 0.2\na b\n");
            Assert.Throws<TesseraFormatException>(() => ClipTokenizer.FromFile(dir.FullName));
            File.WriteAllText(Path.Combine(dir.FullName, "vocab.json"), "[1, 2");
            Assert.Throws<TesseraFormatException>(() => ClipTokenizer.FromFile(dir.FullName));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void FromFile_OneLineFile_ThrowsFormatException()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "just one line");
            Assert.Throws<TesseraFormatException>(() => ClipTokenizer.FromFile(path));
            File.WriteAllBytes(path, [0x1F, 0x8B, 1, 2, 3]);
            Assert.Throws<TesseraFormatException>(() => ClipTokenizer.FromFile(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
