using System.Text.Json;
using Tessera.Cli.Areas.Parity;
using Tessera.Cli.Tests.Areas.Parity;
using Tessera.Core.Parity;
using Tessera.TestSupport;

namespace Tessera.Cli.Tests;

public class ParityCommandTests
{
    [Fact]
    public void Parity_MissingFolder_ExitCode2OneLine()
    {
        var (code, output) = CliRunner.Run("parity", "/no/such/folder");
        Assert.Equal(TesseraApp.BadInputExitCode, code);
        Assert.Contains("error:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Parity_FolderWithoutHandler_ReportsUnsupportedAndFails()
    {
        var dir = Directory.CreateTempSubdirectory("tessera-cli").FullName;
        var sub = Directory.CreateDirectory(Path.Combine(dir, "unknown_format")).FullName;
        File.WriteAllText(Path.Combine(sub, "manifest.json"), "{\"kind\": \"nobody-knows\"}");
        var (code, output, _) = CliRunner.Run("parity", dir, "--json");
        Assert.Equal(1, code);
        var rows = JsonSerializer.Deserialize<JsonElement[]>(output)!;
        Assert.Contains(rows, r => r.GetProperty("status").GetString() == "Unsupported" && r.GetProperty("group").GetString() == "unknown_format");
    }

    [Fact]
    public void Parity_SharedFixtures_EveryLandedGroupIsDiscovered()
    {
        var groups = ParityRunner.Discover(ParityCatalogs.Default(), SharedFixtures.Root);
        foreach (var landed in LandedGroups.All)
        {
            Assert.Contains(groups, g => $"{g.Area}/{g.Name}" == landed && g.Supported);
        }
    }
}
