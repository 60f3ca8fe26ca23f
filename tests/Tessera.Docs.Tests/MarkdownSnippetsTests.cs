namespace Tessera.Docs.Tests;

/// <summary>The extractor and the compiler on small hand-written markdown, so a broken checker cannot pass silently.</summary>
public sealed class MarkdownSnippetsTests
{
    [Fact]
    public void Parse_FindsCSharpBlocksOnly_WithFenceLines()
    {
        const string Markdown = "# T\n\n```bash\nls\n```\n\n```csharp\nvar a = 1;\nvar b = a;\n```\ntext\n````csharp title\nx();\n````\n";
        var snippets = MarkdownSnippets.Parse("doc.md", Markdown).ToList();
        Assert.Equal(2, snippets.Count);
        Assert.Equal("doc.md:7", snippets[0].Id);
        Assert.Equal("var a = 1;\nvar b = a;", snippets[0].Code);
        Assert.Equal(9, snippets[0].MarkdownLine(2));
        Assert.Equal("doc.md:12", snippets[1].Id);
        Assert.Equal("x();", snippets[1].Code);
        Assert.All(snippets, s => Assert.Null(s.SkipReason));
    }

    [Fact]
    public void Parse_ReadsTheSkipMarkerOnTheLineBeforeTheFence()
    {
        const string Markdown = "<!-- snippet: not compiled (body of a method) -->\n```csharp\nreturn x;\n```\n";
        var snippet = Assert.Single(MarkdownSnippets.Parse("doc.md", Markdown));
        Assert.Equal("body of a method", snippet.SkipReason);
    }

    [Theory]
    [InlineData("<!-- snippet: not compiled () -->")]
    [InlineData("<!-- snippet: skip -->")]
    public void Parse_RejectsAMarkerWithoutAReason(string marker)
    {
        var ex = Assert.Throws<FormatException>(() => MarkdownSnippets.Parse("doc.md", marker + "\n```csharp\nx();\n```\n").ToList());
        Assert.Contains("doc.md:1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RejectsAnUnclosedFence()
    {
        var ex = Assert.Throws<FormatException>(() => MarkdownSnippets.Parse("doc.md", "a\n```csharp\nx();\n").ToList());
        Assert.Contains("doc.md:2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compiler_AcceptsAValidSnippet_UsingImplicitUsingsAndTessera()
    {
        var snippet = new MarkdownSnippet("doc.md", 3,
            "using Tessera.Core.Random;\nvar rng = new SeededRandom(1);\nConsole.WriteLine(Enumerable.Range(0, 3).Sum() + rng.NextInt(0, 4));", null);
        Assert.Empty(SnippetCompiler.Errors(snippet));
    }

    [Fact]
    public void Compiler_ReportsErrorsAtTheirMarkdownLine()
    {
        var snippet = new MarkdownSnippet("doc.md", 10, "var ok = 1;\nvar bad = NoSuchThing.Make(ok);", null);
        var error = Assert.Single(SnippetCompiler.Errors(snippet));
        Assert.StartsWith("doc.md:12:11: error CS0103:", error, StringComparison.Ordinal);
        Assert.Contains("NoSuchThing", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Compiler_TreatsNullableAsEnabled()
    {
        // CS8600 (null into a non-nullable) is only reported in a nullable-enabled context.
        var snippet = new MarkdownSnippet("doc.md", 1, "string s = null;\nConsole.WriteLine(s);", null);
        Assert.Contains(SnippetCompiler.Diagnostics(snippet), d => d.Id == "CS8600");
        Assert.Empty(SnippetCompiler.Errors(snippet));
    }
}
