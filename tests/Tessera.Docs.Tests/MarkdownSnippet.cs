namespace Tessera.Docs.Tests;

/// <summary>One fenced ```csharp block of a markdown file.</summary>
/// <param name="File">Path relative to the repository root, with '/' separators (e.g. "src/Tessera.Nn/README.md").</param>
/// <param name="FenceLine">1-based line of the opening fence in the markdown file.</param>
/// <param name="Code">The block's text (fence indentation removed), lines joined with '\n'.</param>
/// <param name="SkipReason">Reason given by a <c>&lt;!-- snippet: not compiled (reason) --&gt;</c> marker, or null.</param>
internal sealed record MarkdownSnippet(string File, int FenceLine, string Code, string? SkipReason)
{
    /// <summary>"file:line" of the opening fence: the theory row name.</summary>
    public string Id => $"{File}:{FenceLine}";

    /// <summary>The markdown line of a 1-based line of <see cref="Code"/>.</summary>
    public int MarkdownLine(int codeLine) => FenceLine + codeLine;
}
