using System.Globalization;
using System.Text;

namespace Tessera.Nn.Models.Clip.Tokenizer;

/// <summary>
/// Python's <c>html.unescape</c> (CPython 3.11 <c>Lib/html/__init__.py</c>): decimal and hexadecimal character
/// references with or without <c>;</c>, the 2,231 HTML5 named references (some legal without <c>;</c>, longest
/// prefix match for unknown names), the HTML5 replacement rules for invalid numbers (Windows-1252 for
/// 0x80–0x9F, U+FFFD for 0, surrogates and out-of-range numbers, nothing for non-characters and most controls).
/// </summary>
internal static class HtmlUnescape
{
    private const int MaxNameLength = 32;
    private static readonly Lazy<Dictionary<string, string>> Entities = new(LoadEntities);

    private static readonly Dictionary<int, string> InvalidCharRefs = new()
    {
        [0x00] = "\uFFFD", [0x0D] = "\r", [0x80] = "\u20AC", [0x81] = "\u0081", [0x82] = "\u201A", [0x83] = "\u0192",
        [0x84] = "\u201E", [0x85] = "\u2026", [0x86] = "\u2020", [0x87] = "\u2021", [0x88] = "\u02C6", [0x89] = "\u2030",
        [0x8A] = "\u0160", [0x8B] = "\u2039", [0x8C] = "\u0152", [0x8D] = "\u008D", [0x8E] = "\u017D", [0x8F] = "\u008F",
        [0x90] = "\u0090", [0x91] = "\u2018", [0x92] = "\u2019", [0x93] = "\u201C", [0x94] = "\u201D", [0x95] = "\u2022",
        [0x96] = "\u2013", [0x97] = "\u2014", [0x98] = "\u02DC", [0x99] = "\u2122", [0x9A] = "\u0161", [0x9B] = "\u203A",
        [0x9C] = "\u0153", [0x9D] = "\u009D", [0x9E] = "\u017E", [0x9F] = "\u0178",
    };

    /// <summary>The named references (name, possibly ending in <c>;</c>, without the leading <c>&amp;</c>).</summary>
    public static IReadOnlyDictionary<string, string> EntityTable => Entities.Value;

    /// <summary>Replaces every character reference in <paramref name="text"/>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The unescaped text (the same instance when it holds no <c>&amp;</c>).</returns>
    public static string Unescape(string text)
    {
        if (!text.Contains('&', StringComparison.Ordinal)) { return text; }
        var sb = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '&' && TryReference(text, i + 1, out var end, out var replacement))
            {
                sb.Append(replacement);
                i = end;
            }
            else
            {
                sb.Append(text[i]);
                i++;
            }
        }
        return sb.ToString();
    }

    private static bool TryReference(string s, int start, out int end, out string replacement)
    {
        end = start;
        replacement = "";
        if (start >= s.Length) { return false; }
        if (s[start] == '#')
        {
            var k = start + 1;
            var digits = CountWhile(s, k, IsDecimal);
            if (digits > 0)
            {
                end = SkipSemicolon(s, k + digits);
                replacement = Numeric(s.AsSpan(k, digits), 10);
                return true;
            }
            if (k < s.Length && (s[k] == 'x' || s[k] == 'X'))
            {
                var hex = CountWhile(s, k + 1, char.IsAsciiHexDigit);
                if (hex > 0)
                {
                    end = SkipSemicolon(s, k + 1 + hex);
                    replacement = Numeric(s.AsSpan(k + 1, hex), 16);
                    return true;
                }
            }
            return false;
        }
        var j = start;
        var codePoints = 0;
        while (j < s.Length && codePoints < MaxNameLength && !IsNameStop(s[j]))
        {
            j += char.IsHighSurrogate(s[j]) && j + 1 < s.Length && char.IsLowSurrogate(s[j + 1]) ? 2 : 1;
            codePoints++;
        }
        if (codePoints == 0) { return false; }
        end = SkipSemicolon(s, j);
        replacement = Named(s[start..end]);
        return true;
    }

    private static string Named(string name)
    {
        var table = Entities.Value;
        if (table.TryGetValue(name, out var value)) { return value; }
        for (var x = name.Length - 1; x > 1; x--)
        {
            if (table.TryGetValue(name[..x], out var prefix)) { return prefix + name[x..]; }
        }
        return "&" + name;
    }

    private static string Numeric(ReadOnlySpan<char> digits, int radix)
    {
        const long Limit = 0x110000;
        long value = 0;
        foreach (var c in digits)
        {
            var d = char.IsAsciiDigit(c) ? c - '0' : (c | 0x20) - 'a' + 10;
            value = Math.Min((value * radix) + d, Limit);
        }
        var num = (int)value;
        if (InvalidCharRefs.TryGetValue(num, out var mapped)) { return mapped; }
        if ((num >= 0xD800 && num <= 0xDFFF) || num > 0x10FFFF) { return "\uFFFD"; }
        if (IsInvalidCodePoint(num)) { return ""; }
        return char.ConvertFromUtf32(num);
    }

    private static bool IsInvalidCodePoint(int n)
        => (n >= 0x1 && n <= 0x8) || n == 0xB || (n >= 0xE && n <= 0x1F) || (n >= 0x7F && n <= 0x9F)
           || (n >= 0xFDD0 && n <= 0xFDEF) || (n & 0xFFFE) == 0xFFFE;

    private static bool IsDecimal(char c) => c >= '0' && c <= '9';

    private static bool IsNameStop(char c) => c is '\t' or '\n' or '\f' or ' ' or '<' or '&' or '#' or ';';

    private static int SkipSemicolon(string s, int i) => i < s.Length && s[i] == ';' ? i + 1 : i;

    private static int CountWhile(string s, int start, Func<char, bool> predicate)
    {
        var n = 0;
        while (start + n < s.Length && predicate(s[start + n])) { n++; }
        return n;
    }

    private static Dictionary<string, string> LoadEntities()
    {
        var table = new Dictionary<string, string>(2300, StringComparer.Ordinal);
        using var stream = typeof(HtmlUnescape).Assembly.GetManifestResourceStream("Tessera.Nn.Html5Entities.txt")
            ?? throw new InvalidOperationException("embedded resource Html5Entities.txt is missing");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#') { continue; }
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            var sb = new StringBuilder();
            foreach (var hex in line[(tab + 1)..].Split(' '))
            {
                sb.Append(char.ConvertFromUtf32(int.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
            }
            table[line[..tab]] = sb.ToString();
        }
        return table;
    }
}
