namespace Tessera.Cli.Tests.Areas.Demo;

/// <summary>The demo sections that run the shipped models end to end (prompting, dense prompting, backbones).</summary>
public sealed class ModelSectionsTests
{
    [Theory]
    [InlineData("prompt", "One frozen world-vit-tiny", "pad prompt")]
    [InlineData("dense", "score map", "overlay")]
    [InlineData("clip", "top-3 prompts", "max |Δlogit| = 0")]
    public void Demo_ModelSection_RunsAndShowsItsResults(string section, string expected, string alsoExpected)
    {
        var root = Directory.CreateTempSubdirectory("tessera-demo-" + section).FullName;
        try
        {
            var dir = Path.Combine(root, "demo");
            var (code, output) = CliRunner.Run("demo", "--out", dir, "--section", section);

            Assert.True(code == 0, output);
            var html = File.ReadAllText(Path.Combine(dir, "index.html"));
            Assert.DoesNotContain("class=\"error\"", html, StringComparison.Ordinal);
            Assert.Contains(expected, html, StringComparison.OrdinalIgnoreCase);
            Assert.Contains(alsoExpected, html, StringComparison.OrdinalIgnoreCase);
            Assert.NotEmpty(Directory.GetFiles(dir, "*.png", SearchOption.AllDirectories));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
