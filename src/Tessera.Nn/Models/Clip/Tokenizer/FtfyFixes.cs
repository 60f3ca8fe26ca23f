using System.Text;
using System.Text.RegularExpressions;

namespace Tessera.Nn.Models.Clip.Tokenizer;

/// <summary>
/// The subset of <c>ftfy.fix_text</c> (ftfy 6, default configuration) that the CLIP tokenizer reproduces: per line,
/// repeated until nothing changes, HTML entity unescaping (skipped from the first line that contains <c>&lt;</c>
/// on), C1 controls read as Windows-1252, Latin ligatures and digraphs expanded, full-width/half-width forms
/// narrowed, curly quotes straightened, line breaks unified, lone surrogates replaced by U+FFFD, terminal escapes
/// and control characters removed, then NFC (ftfy 6 <c>fixes.py</c>/<c>chardata.py</c> tables).
/// Mojibake detection (<c>fix_encoding</c>) is not reproduced: text that is valid Unicode passes unchanged.
/// </summary>
internal static partial class FtfyFixes
{
    private static readonly Lazy<Dictionary<string, string>> EntityTable = new(BuildEntityTable);

    /// <summary>Applies the fixes.</summary>
    public static string FixText(string text)
    {
        var output = new StringBuilder(text.Length);
        var unescapeHtml = true;
        var pos = 0;
        while (pos < text.Length)
        {
            var newline = text.IndexOf('\n', pos);
            var end = newline < 0 ? text.Length : newline + 1;
            var segment = text[pos..end];
            if (segment.Contains('<', StringComparison.Ordinal)) { unescapeHtml = false; }
            output.Append(FixSegment(segment, unescapeHtml));
            pos = end;
        }
        return output.ToString();
    }

    private static string FixSegment(string text, bool unescapeHtml)
    {
        while (true)
        {
            var original = text;
            if (unescapeHtml) { text = UnescapeEntities(text); }
            text = FixC1Controls(text);
            text = MapChars(text, Ligature);
            text = MapChars(text, Width);
            text = SingleQuote().Replace(text, "'");
            text = DoubleQuote().Replace(text, "\"");
            text = LineBreaks().Replace(text, "\n");
            text = FixSurrogates(text);
            text = TerminalEscape().Replace(text, "");
            text = MapChars(text, c => IsControl(c) ? "" : null);
            text = Nfc(text);
            if (text == original) { return text; }
        }
    }

    // .NET rejects the non-character U+FFFE, which Python normalises as itself. It is a starter that never composes,
    // so normalising the pieces between its occurrences is the same as normalising the whole.
    private static string Nfc(string text) => text.Contains('\uFFFE', StringComparison.Ordinal)
        ? string.Join('\uFFFE', text.Split('\uFFFE').Select(p => p.Normalize(NormalizationForm.FormC)))
        : text.Normalize(NormalizationForm.FormC);

    private static string UnescapeEntities(string text) => HtmlEntity().Replace(text, m =>
    {
        var entity = m.Value;
        if (EntityTable.Value.TryGetValue(entity, out var value)) { return value; }
        if (entity.StartsWith("&#", StringComparison.Ordinal))
        {
            var unescaped = HtmlUnescape.Unescape(entity);
            return unescaped.Contains(';', StringComparison.Ordinal) ? entity : unescaped;
        }
        return entity;
    });

    private static string FixC1Controls(string text)
    {
        if (!text.Any(c => c >= 0x80 && c <= 0x9F)) { return text; }
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] >= 0x80 && chars[i] <= 0x9F)
            {
                // ftfy's "sloppy" Windows-1252 keeps the five undefined bytes as the C1 control of the same value.
                var mapped = HtmlUnescapeWindows1252(chars[i]);
                chars[i] = mapped;
            }
        }
        return new string(chars);
    }

    private static char HtmlUnescapeWindows1252(char c)
    {
        var s = HtmlUnescape.Unescape($"&#{(int)c};");
        return s.Length == 1 ? s[0] : c;
    }

    private static string? Ligature(char c) => c switch
    {
        '\u0132' => "IJ",
        '\u0133' => "ij",
        '\u0149' => "\u02BCn",
        '\u01F1' => "DZ",
        '\u01F2' => "Dz",
        '\u01F3' => "dz",
        '\u01C4' => "D\u017D",
        '\u01C5' => "D\u017E",
        '\u01C6' => "d\u017E",
        '\u01C7' => "LJ",
        '\u01C8' => "Lj",
        '\u01C9' => "lj",
        '\u01CA' => "NJ",
        '\u01CB' => "Nj",
        '\u01CC' => "nj",
        '\uFB00' => "ff",
        '\uFB01' => "fi",
        '\uFB02' => "fl",
        '\uFB03' => "ffi",
        '\uFB04' => "ffl",
        '\uFB05' => "\u017Ft",
        '\uFB06' => "st",
        _ => null,
    };

    private static string FixSurrogates(string text)
    {
        char[]? chars = null;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(text[i]))
            {
                chars ??= text.ToCharArray();
                chars[i] = '\uFFFD';
            }
        }
        return chars is null ? text : new string(chars);
    }

    private static string? Width(char c)
    {
        if (c == '\u3000') { return " "; }
        if (c < '\uFF01' || c > '\uFFEF') { return null; }
        var n = c.ToString().Normalize(NormalizationForm.FormKC);
        return n == c.ToString() ? null : n;
    }

    private static bool IsControl(char c)
        => c <= 0x08 || c == 0x0B || (c >= 0x0E && c <= 0x1F) || c == 0x7F || (c >= 0x206A && c <= 0x206F)
           || c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFC);

    private static string MapChars(string text, Func<char, string?> map)
    {
        StringBuilder? sb = null;
        for (var i = 0; i < text.Length; i++)
        {
            var replacement = map(text[i]);
            if (replacement is null)
            {
                sb?.Append(text[i]);
                continue;
            }
            sb ??= new StringBuilder(text, 0, i, text.Length + 8);
            sb.Append(replacement);
        }
        return sb?.ToString() ?? text;
    }

    private static Dictionary<string, string> BuildEntityTable()
    {
        var table = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in HtmlUnescape.EntityTable)
        {
            if (!name.EndsWith(';')) { continue; }
            table["&" + name] = value;
        }
        foreach (var (name, value) in HtmlUnescape.EntityTable)
        {
            if (!name.EndsWith(';') || name.Any(char.IsAsciiLetterUpper)) { continue; }
            var upper = "&" + name.ToUpperInvariant();
            if (HtmlUnescape.Unescape(upper) == upper) { table[upper] = PythonText.Upper(value); }
        }
        return table;
    }

    [GeneratedRegex(@"&#?[0-9A-Za-z]{1,24};")]
    private static partial Regex HtmlEntity();

    [GeneratedRegex("[\u02BC\u2018-\u201B]")]
    private static partial Regex SingleQuote();

    [GeneratedRegex("[\u201C-\u201F]")]
    private static partial Regex DoubleQuote();

    [GeneratedRegex("\r\n|[\r\u2028\u2029\u0085]")]
    private static partial Regex LineBreaks();

    [GeneratedRegex(@"\u001B\[((?:\d|;)*)([a-zA-Z])")]
    private static partial Regex TerminalEscape();
}
