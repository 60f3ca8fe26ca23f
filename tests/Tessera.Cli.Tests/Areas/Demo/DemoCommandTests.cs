namespace Tessera.Cli.Tests;

public class DemoCommandTests
{
    [Fact]
    public void Demo_CoreSection_WritesPageWithPicture()
    {
        var dir = Path.Combine(Directory.CreateTempSubdirectory("tessera-demo").FullName, "demo");
        var (code, output) = CliRunner.Run("demo", "--out", dir, "--section", "core");
        Assert.Equal(0, code);
        var html = File.ReadAllText(Path.Combine(dir, "index.html"));
        Assert.Contains("<h2>Core and Nn: runtime smoke test</h2>", html, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir, "core", "pattern.png")));
        Assert.Contains("index.html", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_UnknownSection_BadInput()
    {
        var (code, output) = CliRunner.Run("demo", "--out", Path.GetTempPath(), "--section", "nope");
        Assert.Equal(TesseraApp.BadInputExitCode, code);
        Assert.Contains("--section", output, StringComparison.Ordinal);
    }
}
