using System.Globalization;
using System.Text;

namespace Tessera.Nn.Models.Clip.Tokenizer;

/// <summary>
/// CLIP's pre-tokenizer, the <c>regex</c>-module pattern
/// <c>&lt;\|startoftext\|&gt;|&lt;\|endoftext\|&gt;|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+</c>
/// compiled with IGNORECASE and applied with <c>findall</c>: at each position the first alternative that matches
/// wins, unmatched characters (whitespace) are skipped. Under IGNORECASE the <c>regex</c> module matches the
/// positive classes on the character itself but excludes from the negated class every character one of whose case
/// variants is a letter or number, so U+0345 (combining ypogegrammeni, upper-case Ι) matches no alternative and is
/// dropped; <c>s</c> also matches <c>ſ</c> (U+017F).
/// </summary>
internal static class ClipPreTokenizer
{
    private static readonly string[] Specials = ["<|startoftext|>", "<|endoftext|>"];
    private static readonly string[] Contractions = ["s", "t", "re", "ve", "m", "ll", "d"];

    /// <summary>The pieces of <paramref name="text"/> in order.</summary>
    public static List<string> Split(string text)
    {
        var runes = PythonText.ToRunes(text);
        var pieces = new List<string>();
        var i = 0;
        while (i < runes.Length)
        {
            var length = MatchAt(runes, i);
            if (length == 0)
            {
                i++;
                continue;
            }
            var sb = new StringBuilder();
            for (var k = i; k < i + length; k++) { sb.Append(runes[k].ToString()); }
            pieces.Add(sb.ToString());
            i += length;
        }
        return pieces;
    }

    private static int MatchAt(Rune[] runes, int i)
    {
        foreach (var special in Specials)
        {
            if (MatchesLiteral(runes, i, special)) { return special.Length; }
        }
        if (runes[i].Value == '\'')
        {
            foreach (var c in Contractions)
            {
                if (MatchesLiteral(runes, i + 1, c)) { return 1 + c.Length; }
            }
        }
        if (IsLetter(runes[i]))
        {
            var j = i;
            while (j < runes.Length && IsLetter(runes[j])) { j++; }
            return j - i;
        }
        if (IsNumber(runes[i])) { return 1; }
        if (IsOther(runes[i]))
        {
            var j = i;
            while (j < runes.Length && IsOther(runes[j])) { j++; }
            return j - i;
        }
        return 0;
    }

    private static bool MatchesLiteral(Rune[] runes, int start, string literal)
    {
        if (start + literal.Length > runes.Length) { return false; }
        for (var k = 0; k < literal.Length; k++)
        {
            if (!SameIgnoringCase(runes[start + k], literal[k])) { return false; }
        }
        return true;
    }

    private static bool SameIgnoringCase(Rune r, char expected)
    {
        var v = r.Value;
        if (v == expected) { return true; }
        if (expected == 's' && v == 0x17F) { return true; }
        if (expected == 'k' && v == 0x212A) { return true; }
        return char.IsAsciiLetter(expected) && (v | 0x20) == expected && v < 0x80;
    }

    /// <summary><c>[\p{L}]</c> under IGNORECASE (the character itself is a letter).</summary>
    internal static bool IsLetter(Rune r) => Rune.IsLetter(r);

    /// <summary><c>[\p{N}]</c> (Nd, Nl, No) under IGNORECASE (the character itself is a number).</summary>
    internal static bool IsNumber(Rune r) => IsN(r);

    private static bool IsN(Rune r) => Rune.GetUnicodeCategory(r) is UnicodeCategory.DecimalDigitNumber
        or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;

    /// <summary><c>[^\s\p{L}\p{N}]</c> under IGNORECASE: no case variant of the character is a letter or number.</summary>
    internal static bool IsOther(Rune r) => !PythonText.IsWhiteSpaceProperty(r.Value) && !IsLetterOrNumber(r)
        && !IsLetterOrNumber(Rune.ToLowerInvariant(r)) && !IsLetterOrNumber(Rune.ToUpperInvariant(r));

    private static bool IsLetterOrNumber(Rune r) => Rune.IsLetter(r) || IsN(r);
}
