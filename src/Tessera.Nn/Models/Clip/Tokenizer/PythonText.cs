using System.Buffers;
using System.Globalization;
using System.Text;

namespace Tessera.Nn.Models.Clip.Tokenizer;

/// <summary>
/// The parts of CPython 3.11's <c>str</c> semantics the CLIP tokenizer depends on: <c>str.isspace()</c> (used by
/// <c>re</c>'s <c>\s</c> and by <c>strip()</c>), Unicode <c>White_Space</c> (the <c>regex</c> module's <c>\s</c>) and
/// <c>str.lower()</c> with full lower-casing (U+0130 → <c>i</c> + U+0307) and the Final_Sigma rule.
/// </summary>
internal static class PythonText
{
    /// <summary>CPython <c>str.isspace()</c> (bidirectional class WS/B/S or category Zs).</summary>
    public static bool IsSpace(int c) => c switch
    {
        >= 0x09 and <= 0x0D => true,
        >= 0x1C and <= 0x20 => true,
        0x85 or 0xA0 or 0x1680 or 0x2028 or 0x2029 or 0x202F or 0x205F or 0x3000 => true,
        >= 0x2000 and <= 0x200A => true,
        _ => false,
    };

    /// <summary>Unicode <c>White_Space</c>, the <c>regex</c> module's <c>\s</c> for str patterns.</summary>
    public static bool IsWhiteSpaceProperty(int c) => c != 0x1C && c != 0x1D && c != 0x1E && c != 0x1F && IsSpace(c);

    /// <summary><c>re.sub(r'\s+', ' ', text).strip()</c> with Python's notion of whitespace.</summary>
    public static string CollapseWhitespace(string text)
    {
        var sb = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (IsSpace(c))
            {
                pendingSpace = true;
                continue;
            }
            if (pendingSpace && sb.Length > 0) { sb.Append(' '); }
            pendingSpace = false;
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary><c>str.strip()</c> with Python's notion of whitespace.</summary>
    public static string Strip(string text)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && IsSpace(text[start])) { start++; }
        while (end > start && IsSpace(text[end - 1])) { end--; }
        return text[start..end];
    }

    /// <summary>
    /// <c>str.lower()</c>: full Unicode lower-casing. Each code point takes its simple lowercase mapping except
    /// U+0130 (→ <c>i</c> U+0307, its only unconditional multi-character mapping) and U+03A3, which becomes final
    /// sigma U+03C2 when preceded by a cased letter and not followed by one (case-ignorable characters skipped).
    /// </summary>
    public static string Lower(string text)
    {
        var runes = ToRunes(text);
        var sb = new StringBuilder(text.Length + 4);
        for (var i = 0; i < runes.Length; i++)
        {
            var r = runes[i];
            if (r.Value == 0x130)
            {
                sb.Append("i\u0307");
            }
            else if (r.Value == 0x3A3)
            {
                sb.Append(IsFinalSigma(runes, i) ? '\u03C2' : '\u03C3');
            }
            else
            {
                var lower = Rune.ToLowerInvariant(r);
                sb.Append(lower.ToString());
            }
        }
        return sb.ToString();
    }

    /// <summary>
    /// <c>str.upper()</c> for the strings ftfy upper-cases (HTML entity values): simple uppercase mappings plus the
    /// full mappings of ß, ŉ and the Latin ligatures U+FB00–U+FB06, and ı → I (which .NET's invariant casing omits).
    /// </summary>
    public static string Upper(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var r in ToRunes(text))
        {
            if (r.Value == 0xDF) { sb.Append("SS"); }
            else if (r.Value == 0x149) { sb.Append("\u02BCN"); }
            else if (r.Value == 0x131) { sb.Append('I'); }
            else if (r.Value is >= 0xFB00 and <= 0xFB06) { sb.Append(r.ToString().Normalize(NormalizationForm.FormKC).ToUpperInvariant()); }
            else { sb.Append(Rune.ToUpperInvariant(r).ToString()); }
        }
        return sb.ToString();
    }

    /// <summary>Splits a string into code points.</summary>
    /// <exception cref="ArgumentException">The string holds a lone surrogate.</exception>
    public static Rune[] ToRunes(string text)
    {
        var list = new List<Rune>(text.Length);
        for (var i = 0; i < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var used) != OperationStatus.Done)
            {
                throw new ArgumentException($"lone surrogate U+{(int)text[i]:X4} at index {i} cannot be encoded as UTF-8");
            }
            list.Add(rune);
            i += used;
        }
        return [.. list];
    }

    private static bool IsFinalSigma(Rune[] runes, int i)
    {
        var j = i - 1;
        while (j >= 0 && IsCaseIgnorable(runes[j])) { j--; }
        if (j < 0 || !IsCased(runes[j])) { return false; }
        j = i + 1;
        while (j < runes.Length && IsCaseIgnorable(runes[j])) { j++; }
        return j == runes.Length || !IsCased(runes[j]);
    }

    /// <summary>Unicode <c>Cased</c>: Lu, Ll, Lt, or a code point with a case mapping (Other_Lowercase/Uppercase).</summary>
    internal static bool IsCased(Rune r)
    {
        var cat = Rune.GetUnicodeCategory(r);
        if (cat is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter)
        {
            return true;
        }
        return Rune.ToLowerInvariant(r) != r || Rune.ToUpperInvariant(r) != r || IsOtherCased(r.Value);
    }

    /// <summary>Unicode <c>Case_Ignorable</c>: Mn, Me, Cf, Lm, Sk and the word-break MidLetter/MidNumLet/Single_Quote set.</summary>
    internal static bool IsCaseIgnorable(Rune r)
    {
        var cat = Rune.GetUnicodeCategory(r);
        if (cat is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format
            or UnicodeCategory.ModifierLetter or UnicodeCategory.ModifierSymbol)
        {
            return true;
        }
        return r.Value is 0x27 or 0x2E or 0x3A or 0xB7 or 0x387 or 0x55F or 0x5F4 or 0x2018 or 0x2019 or 0x2024 or 0x2027
            or 0xFE13 or 0xFE52 or 0xFE55 or 0xFF07 or 0xFF0E or 0xFF1A;
    }

    // Other_Lowercase / Other_Uppercase code points that are neither Lu/Ll/Lt nor case-mapped (PropList.txt).
    private static bool IsOtherCased(int c) => c switch
    {
        0xAA or 0xBA or 0x345 or 0x37A or 0x10FC => true,
        >= 0x2B0 and <= 0x2B8 => true,
        0x2C0 or 0x2C1 => true,
        >= 0x2E0 and <= 0x2E4 => true,
        >= 0x1D2C and <= 0x1D6A => true,
        0x1D78 => true,
        >= 0x1D9B and <= 0x1DBF => true,
        0x2071 or 0x207F => true,
        >= 0x2090 and <= 0x209C => true,
        >= 0x2170 and <= 0x217F => true,
        >= 0x2160 and <= 0x216F => true,
        >= 0x24B6 and <= 0x24E9 => true,
        0x2C7C or 0x2C7D or 0xA69C or 0xA69D or 0xA770 or 0xA7F8 or 0xA7F9 or 0xAB5C or 0xAB5D or 0xAB5E or 0xAB5F => true,
        >= 0x1F130 and <= 0x1F149 => true,
        >= 0x1F150 and <= 0x1F169 => true,
        >= 0x1F170 and <= 0x1F189 => true,
        _ => false,
    };
}
