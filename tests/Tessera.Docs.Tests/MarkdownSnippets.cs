using System.Text.RegularExpressions;

namespace Tessera.Docs.Tests;

/// <summary>
/// Extracts the ```csharp blocks of markdown text. A block is compiled unless the nearest non-blank line before its
/// fence is <c>&lt;!-- snippet: not compiled (reason) --&gt;</c> with a non-empty reason.
/// </summary>
internal static partial class MarkdownSnippets
{
    /// <summary>Info strings that also mean C# to a markdown renderer; only "csharp" is used in this repository.</summary>
    public static readonly IReadOnlySet<string> CSharpAliases = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "cs", "c#", "csharp" };

    /// <summary>The markdown files whose snippets are checked: README.md, src/*/README.md and docs/*.md.</summary>
    public static IEnumerable<string> DocumentationFiles(string root)
    {
        var files = new List<string> { System.IO.Path.Combine(root, "README.md") };
        files.AddRange(Directory.GetDirectories(System.IO.Path.Combine(root, "src"))
            .Select(d => System.IO.Path.Combine(d, "README.md")).Where(File.Exists));
        files.AddRange(Directory.GetFiles(System.IO.Path.Combine(root, "docs"), "*.md"));
        return files.Where(File.Exists)
            .Select(f => System.IO.Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
    }

    /// <summary>Every ```csharp block of every documentation file under <paramref name="root"/>.</summary>
    public static IReadOnlyList<MarkdownSnippet> All(string root) =>
        [.. DocumentationFiles(root).SelectMany(f => Parse(f, File.ReadAllText(System.IO.Path.Combine(root, f))))];

    /// <summary>The fenced code blocks of <paramref name="markdown"/> whose info string's first word is "csharp".</summary>
    /// <exception cref="FormatException">A block is never closed, or a skip marker gives no reason.</exception>
    public static IEnumerable<MarkdownSnippet> Parse(string file, string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var snippets = new List<MarkdownSnippet>();
        string? lastNonBlank = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var open = Fence().Match(lines[i]);
            if (!open.Success)
            {
                if (!string.IsNullOrWhiteSpace(lines[i]))
                {
                    lastNonBlank = lines[i];
                }

                continue;
            }

            var indent = open.Groups["indent"].Length;
            var fence = open.Groups["fence"].Value;
            var language = open.Groups["info"].Value.Trim().Split(' ', 2)[0];
            var body = new List<string>();
            var close = -1;
            for (var j = i + 1; j < lines.Length; j++)
            {
                var candidate = lines[j].Trim();
                if (candidate.Length >= fence.Length && candidate.All(c => c == fence[0]))
                {
                    close = j;
                    break;
                }

                body.Add(RemoveIndent(lines[j], indent));
            }

            if (close < 0)
            {
                throw new FormatException($"{file}:{i + 1}: code fence {fence} is never closed");
            }

            if (string.Equals(language, "csharp", StringComparison.Ordinal))
            {
                snippets.Add(new MarkdownSnippet(file, i + 1, string.Join('\n', body), SkipReason(file, i + 1, lastNonBlank)));
            }

            lastNonBlank = lines[close];
            i = close;
        }

        return snippets;
    }

    /// <summary>The info-string languages of every fenced block of <paramref name="markdown"/>, with their lines.</summary>
    public static IEnumerable<(int Line, string Language)> FenceLanguages(string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        string? openFence = null;
        for (var i = 0; i < lines.Length; i++)
        {
            if (openFence is not null)
            {
                var candidate = lines[i].Trim();
                if (candidate.Length >= openFence.Length && candidate.All(c => c == openFence[0]))
                {
                    openFence = null;
                }

                continue;
            }

            var open = Fence().Match(lines[i]);
            if (open.Success)
            {
                openFence = open.Groups["fence"].Value;
                yield return (i + 1, open.Groups["info"].Value.Trim().Split(' ', 2)[0]);
            }
        }
    }

    private static string? SkipReason(string file, int line, string? previous)
    {
        if (previous is null || !previous.Contains("snippet:", StringComparison.Ordinal))
        {
            return null;
        }

        var marker = SkipMarker().Match(previous.Trim());
        if (!marker.Success || string.IsNullOrWhiteSpace(marker.Groups["reason"].Value))
        {
            throw new FormatException(
                $"{file}:{line - 1}: a skip marker must read exactly <!-- snippet: not compiled (reason) --> with a reason, got: {previous.Trim()}");
        }

        return marker.Groups["reason"].Value.Trim();
    }

    private static string RemoveIndent(string line, int indent)
    {
        var n = 0;
        while (n < indent && n < line.Length && line[n] == ' ')
        {
            n++;
        }

        return line[n..];
    }

    [GeneratedRegex(@"^(?<indent> {0,3})(?<fence>`{3,}|~{3,})(?<info>[^`]*)$")]
    private static partial Regex Fence();

    [GeneratedRegex(@"^<!--\s*snippet:\s*not compiled\s*\((?<reason>.*)\)\s*-->$")]
    private static partial Regex SkipMarker();
}
