using CsCheck;
using Tessera.Nn.Models.Clip.Tokenizer;

namespace Tessera.Nn.Tests.Models.Clip.Tokenizer;

public sealed class ClipTokenizerPropertyTests
{
    private static readonly string[] Pieces =
    [
        "a", "b", "z", "Q", "0", "7", " ", "  ", "\t", "\n", "'", "'s", "'LL", "!", "?", ".", ",", "-", "#", "&amp;", "&lt;",
        "é", "É", "ß", "Σ", "ς", "İ", "ж", "猫", "한", "🐱", "👍🏽", "²", "½", "\u0301", "photo", "CAT", "supercalifragilistic",
    ];

    private static readonly Gen<string> Texts = Gen.OneOf(Pieces).Array[0, 40].Select(string.Concat);

    [Fact]
    public void Decode_OfEncode_IsCleanedTextUpToSpaces()
    {
        var t = ClipTokenizerTests.OpenAi.Value;
        Texts.Sample(text =>
        {
            var cleaned = ClipTokenizer.Clean(text).Replace(" ", "", StringComparison.Ordinal);
            var decoded = t.Decode(t.Encode(text)).Replace(" ", "", StringComparison.Ordinal);
            return cleaned == decoded;
        }, iter: 300, seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void Tokenize_AnyText_RowIsStartIdsEndThenZeros()
    {
        var t = ClipTokenizerTests.OpenAi.Value;
        Gen.Select(Texts, Gen.Int[2, 30], Gen.Bool).Sample((text, length, truncate) =>
        {
            var ids = t.Encode(text);
            if (ids.Count + 2 > length && !truncate)
            {
                return Throws(() => t.Tokenize(text, length, truncate));
            }
            var row = t.Tokenize(text, length, truncate).ToInt64Array();
            var kept = Math.Min(ids.Count + 2, length);
            return row.Length == length && row[0] == t.StartOfTextId && row[kept - 1] == t.EndOfTextId
                && row.Skip(1).Take(kept - 2).SequenceEqual(ids.Take(kept - 2).Select(i => (long)i))
                && row.Skip(kept).All(v => v == 0);
        }, iter: 300, seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void Encode_SameText_IsDeterministicAcrossInstances()
    {
        var a = ClipTokenizerTests.OpenAi.Value;
        Texts.Sample(text => a.Encode(text).SequenceEqual(a.Encode(text)), iter: 100, seed: "0N0XIzNsQ0O2");
    }

    private static bool Throws(Action action)
    {
        try
        {
            action();
            return false;
        }
        catch (Tessera.Core.Errors.TesseraArgumentException ex) when (ex.ParamName == "text")
        {
            return true;
        }
    }
}
