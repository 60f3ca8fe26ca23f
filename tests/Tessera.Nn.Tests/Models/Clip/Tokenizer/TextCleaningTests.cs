using Tessera.Nn.Models.Clip.Tokenizer;

namespace Tessera.Nn.Tests.Models.Clip.Tokenizer;

public sealed class TextCleaningTests
{
    // Expected values produced by CPython 3.11 html.unescape.
    [Theory]
    [InlineData("&amp;lt;", "&lt;")]
    [InlineData("&ampx", "&x")]
    [InlineData("&#0;", "\uFFFD")]
    [InlineData("&#x80;", "\u20AC")]
    [InlineData("&#1114112;", "\uFFFD")]
    [InlineData("&notit;", "\u00ACit;")]
    [InlineData("&#65", "A")]
    [InlineData("&#X41;bc", "Abc")]
    [InlineData("&#xD800;", "\uFFFD")]
    [InlineData("&#1;x", "x")]
    [InlineData("&unknown;", "&unknown;")]
    [InlineData("& amp;", "& amp;")]
    [InlineData("&Aacute", "\u00C1")]
    [InlineData("&aacutes", "\u00E1s")]
    [InlineData("&#;", "&#;")]
    [InlineData("no entities", "no entities")]
    public void HtmlUnescape_MatchesPython(string input, string expected)
        => Assert.Equal(expected, HtmlUnescape.Unescape(input));

    // Expected values produced by CPython 3.11 str.lower().
    [Theory]
    [InlineData("ΟΔΟΣ ΣΟΦΙΑΣ Σ ΑΣ.Σ", "οδος σοφιας σ ασ.ς")]
    [InlineData("İstanbul", "i\u0307stanbul")]
    [InlineData("ÉCOLE Straße", "école straße")]
    [InlineData("\U00010400", "\U00010428")]
    public void Lower_MatchesPython(string input, string expected)
        => Assert.Equal(expected, PythonText.Lower(input));

    [Theory]
    [InlineData("  a \t\n b\u3000c\u00A0 ", "a b c")]
    [InlineData("\u001Cx\u001Fy", "x y")]
    [InlineData("", "")]
    public void CollapseWhitespace_UsesPythonWhitespace(string input, string expected)
        => Assert.Equal(expected, PythonText.CollapseWhitespace(input));

    [Theory]
    [InlineData("\u201Cquoted\u201D it\u2019s", "\"quoted\" it's")]
    [InlineData("\uFB01ne \uFB02ow", "fine flow")]
    [InlineData("\uFF21\uFF22\uFF23\u3000\uFF11", "abc 1")]
    [InlineData("&amp;amp;amp;lt;b", "<b")]
    [InlineData("a\u001B[31mRed\u001B[0m", "ared")]
    [InlineData("e\u0301", "\u00E9")]
    [InlineData("\u0093hi\u0094", "\"hi\"")]
    [InlineData("P&EACUTE;REZ", "p\u00E9rez")]
    [InlineData("BUNDESSTRA&SZLIG;E", "bundesstrasse")]
    [InlineData("&ntilde; &Ntilde; &NTILDE; &nTILDE;", "\u00F1 \u00F1 \u00F1 &ntilde;")]
    [InlineData("&IMATH;", "i")]
    [InlineData("\uFB05op \u0149", "\u017Ftop 'n")]
    [InlineData("\u01F1 \u01C4", "dz d\u017E")]
    [InlineData("x\u2028y\u0085z", "x y\u2026z")]
    [InlineData("a\uFEFFb\u206Ac", "abc")]
    public void Clean_AppliesFtfyFixesBeforeLowering(string input, string expected)
        => Assert.Equal(expected, ClipTokenizer.Clean(input));

    [Fact]
    public void Clean_LessThanOnLine_DisablesFtfyUnescapeButHtmlUnescapeStillRunsTwice()
    {
        // ftfy leaves entities alone on a line with '<'; the two html.unescape passes then decode two levels only.
        Assert.Equal("<b> &lt;", ClipTokenizer.Clean("<b> &amp;amp;lt;"));
    }

    [Theory]
    [InlineData("don't", new[] { "don", "'t" })]
    [InlineData("rock'n'roll", new[] { "rock", "'", "n", "'", "roll" })]
    [InlineData("x²+y²=z²", new[] { "x", "²", "+", "y", "²", "=", "z", "²" })]
    [InlineData("1,000 !!'s", new[] { "1", ",", "0", "0", "0", "!!'", "s" })]
    [InlineData("it'ſ", new[] { "it", "'ſ" })]
    [InlineData("<|startoftext|>hi", new[] { "<|startoftext|>", "hi" })]
    [InlineData("a\u0345b\u0345!", new[] { "a", "b", "!" })]
    [InlineData("\u2170x\u24D0b", new[] { "\u2170", "x", "\u24D0", "b" })]
    public void PreTokenizer_SplitsLikeClipPattern(string input, string[] expected)
        => Assert.Equal(expected, ClipPreTokenizer.Split(input));

    [Fact]
    public void ByteSymbols_MatchClipTable()
    {
        Assert.Equal('!', ByteSymbols.OfByte[33]);
        Assert.Equal('\u0100', ByteSymbols.OfByte[0]);
        Assert.Equal('\u0120', ByteSymbols.OfByte[32]);
        Assert.Equal('\u0143', ByteSymbols.OfByte[173]);
        Assert.Equal(256, ByteSymbols.OfByte.Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 256).Order(), ByteSymbols.VocabularyOrder().Order());
    }
}
