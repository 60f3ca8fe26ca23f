namespace Tessera.Cli.Tests;

public class RootCommandTests
{
    [Fact]
    public void Version_Flag_PrintsVersion()
    {
        var (code, output) = CliRunner.Run("--version");
        Assert.Equal(0, code);
        Assert.Matches(@"\d+\.\d+\.\d+", output);
    }

    [Fact]
    public void Help_Flag_ListsCommands()
    {
        var (code, output) = CliRunner.Run("--help");
        Assert.Equal(0, code);
        Assert.Contains("parity", output, StringComparison.Ordinal);
        Assert.Contains("demo", output, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownCommand_ExitsNonZeroWithOneLineError()
    {
        var (code, output) = CliRunner.Run("frobnicate");
        Assert.NotEqual(0, code);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }
}
