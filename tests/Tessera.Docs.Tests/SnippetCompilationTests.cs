namespace Tessera.Docs.Tests;

/// <summary>Every ```csharp block of README.md, src/*/README.md and docs/*.md compiles against the current public API.</summary>
public sealed class SnippetCompilationTests
{
    private static readonly Lazy<IReadOnlyList<MarkdownSnippet>> Snippets = new(() => MarkdownSnippets.All(RepositoryRoot.Path));

    /// <summary>One row per block, named "file:line" of its opening fence.</summary>
    public static TheoryData<string> SnippetIds()
    {
        var data = new TheoryData<string>();
        foreach (var snippet in Snippets.Value)
        {
            data.Add(snippet.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SnippetIds))]
    public void Snippet_Compiles(string id)
    {
        var snippet = Snippets.Value.Single(s => s.Id == id);
        if (snippet.SkipReason is not null)
        {
            Assert.Skip($"marked not compiled: {snippet.SkipReason}");
        }

        var errors = SnippetCompiler.Errors(snippet);
        Assert.True(errors.Count == 0,
            $"the ```csharp block at {snippet.Id} does not compile against the current API ({errors.Count} errors):\n"
            + string.Join('\n', errors));
    }

    [Fact]
    public void Snippets_AreFoundInEveryDocumentedLibrary()
    {
        var files = Snippets.Value.Select(s => s.File).ToHashSet();
        // Guards the extraction itself: if parsing silently found nothing, the theory above would pass vacuously.
        Assert.Contains("README.md", files);
        foreach (var library in new[] { "Core", "Imaging", "Augment", "Geometry", "Segmentation", "Data", "Nn", "Dense" })
        {
            Assert.Contains($"src/Tessera.{library}/README.md", files);
        }
    }

    [Fact]
    public void Snippets_UseTheCSharpInfoString()
    {
        // ```cs or ```c# blocks would render as C# but escape this test; the repository spells it ```csharp.
        var root = RepositoryRoot.Path;
        var misspelt = MarkdownSnippets.DocumentationFiles(root)
            .SelectMany(f => MarkdownSnippets.FenceLanguages(File.ReadAllText(Path.Combine(root, f)))
                .Where(b => MarkdownSnippets.CSharpAliases.Contains(b.Language) && b.Language != "csharp")
                .Select(b => $"{f}:{b.Line}: ```{b.Language}"))
            .ToList();
        Assert.True(misspelt.Count == 0, "use ```csharp so the block is compiled:\n" + string.Join('\n', misspelt));
    }

    [Fact]
    public void References_AreTheLibrariesAndTheirDependencies_NotTheTestTools()
    {
        var names = SnippetCompiler.ReferenceNames.ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.Contains("System.Runtime", names);
        Assert.Contains("Tessera.Nn", names);
        Assert.Contains("TorchSharp", names);
        Assert.Contains("OpenCvSharp", names);
        Assert.DoesNotContain("xunit.v3.assert", names);
        Assert.DoesNotContain("Microsoft.CodeAnalysis.CSharp", names);
    }
}
