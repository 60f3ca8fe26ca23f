using Tessera.Cli.Parity;
using Tessera.Core.Parity;
using Tessera.TestSupport;

namespace Tessera.Cli.Tests;

/// <summary>Runs every case of every landed fixture group through the CLI's own catalogue.</summary>
public class LandedParityTests
{
    public static TheoryData<string> Landed()
    {
        var data = new TheoryData<string>();
        foreach (var g in ParityCatalogs.LandedGroups) { data.Add(g); }
        if (data.Count == 0) { data.Add("(none)"); }
        return data;
    }

    [Theory]
    [MemberData(nameof(Landed))]
    public void Parity_LandedGroup_EveryCasePasses(string group)
    {
        if (group == "(none)")
        {
            Assert.Empty(ParityCatalogs.LandedGroups);
            return;
        }
        var rows = ParityRunner.Run(ParityCatalogs.Default(), SharedFixtures.Root, [group]);
        Assert.NotEmpty(rows);
        var failures = rows.Where(r => r.Status != ParityStatus.Pass)
            .Select(r => $"{r.Area}/{r.Group}/{r.Case}: {r.Status} {r.Metric}={r.Value} limit={r.Limit} {r.Message}").ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
