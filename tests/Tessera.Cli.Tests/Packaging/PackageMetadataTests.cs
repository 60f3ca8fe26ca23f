using System.Xml.Linq;

namespace Tessera.Cli.Tests.Packaging;

/// <summary>Every project under src/ is a package with its own description and README (Directory.Build.props adds the
/// shared licence, repository, symbols and README packing).</summary>
public sealed class PackageMetadataTests
{
    public static TheoryData<string> Projects()
    {
        var src = Path.Combine(RepositoryRoot(), "src");
        return [.. Directory.GetDirectories(src).Select(d => Path.GetFileName(d)).Where(n => File.Exists(Path.Combine(src, n, n + ".csproj")))];
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void SourceProject_HasDescriptionAndReadme(string project)
    {
        var dir = Path.Combine(RepositoryRoot(), "src", project);
        var xml = XDocument.Load(Path.Combine(dir, project + ".csproj"));
        var description = xml.Descendants("Description").Select(e => e.Value.Trim()).SingleOrDefault();
        Assert.False(string.IsNullOrEmpty(description), $"{project}.csproj has no <Description>");
        Assert.True(description!.Length >= 40, $"{project}: the description should say what the package is");
        if (!File.Exists(Path.Combine(dir, "README.md")))
        {
            // Named in the summary as skipped, never passed: a library without a README packs without one.
            Assert.Skip($"src/{project} has no README.md yet: its package is packed without a readme");
        }
        Assert.DoesNotContain(xml.Descendants("IsPackable"), e => e.Value.Trim() == "false");
    }

    [Fact]
    public void Cli_PacksAsTheTesseraTool()
    {
        var xml = XDocument.Load(Path.Combine(RepositoryRoot(), "src", "Tessera.Cli", "Tessera.Cli.csproj"));
        Assert.Equal("true", xml.Descendants("PackAsTool").Single().Value);
        Assert.Equal("tessera", xml.Descendants("ToolCommandName").Single().Value);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Tessera.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Tessera.slnx not found");
    }
}
