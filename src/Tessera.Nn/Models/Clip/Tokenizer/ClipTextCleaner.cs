namespace Tessera.Nn.Models.Clip.Tokenizer;

/// <summary>
/// CLIP's text normalisation before pre-tokenisation (openai/CLIP <c>simple_tokenizer.py</c>):
/// <c>basic_clean</c> (ftfy, <c>html.unescape</c> twice, strip), <c>whitespace_clean</c> (runs of whitespace → one
/// space, strip), then Python <c>str.lower()</c>.
/// </summary>
internal static class ClipTextCleaner
{
    /// <summary>The cleaned, lower-cased text the pre-tokenizer sees.</summary>
    public static string Clean(string text)
    {
        var t = FtfyFixes.FixText(text);
        t = HtmlUnescape.Unescape(HtmlUnescape.Unescape(t));
        t = PythonText.Strip(t);
        t = PythonText.CollapseWhitespace(t);
        return PythonText.Lower(t);
    }
}
