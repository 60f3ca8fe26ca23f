namespace Tessera.Nn.Models.Clip.Tokenizer;

/// <summary>
/// CLIP's text normalisation before pre-tokenisation (openai/CLIP <c>simple_tokenizer.py</c>):
/// <c>basic_clean</c> (ftfy, <c>html.unescape</c> twice, strip), <c>whitespace_clean</c> (runs of whitespace → one
/// space, strip), then Python <c>str.lower()</c>.
/// </summary>
internal static class ClipTextCleaner
{
    /// <summary>The cleaned, lower-cased text the pre-tokenizer sees.</summary>
    /// <param name="text">The raw text.</param>
    /// <param name="fixText">Apply the ftfy subset first (false only to compare with a reference run without ftfy).</param>
    public static string Clean(string text, bool fixText = true)
    {
        var t = fixText ? FtfyFixes.FixText(text) : text;
        t = HtmlUnescape.Unescape(HtmlUnescape.Unescape(t));
        t = PythonText.Strip(t);
        t = PythonText.CollapseWhitespace(t);
        return PythonText.Lower(t);
    }
}
