using Tessera.Cli.Areas.Parity;
using Tessera.Core.Parity;
using Tessera.TestSupport;

namespace Tessera.Cli.Tests.Areas.Parity;

public sealed class LandedGroupsTests
{
    public static TheoryData<string> Groups() => [.. LandedGroups.All];

    [Theory]
    [MemberData(nameof(Groups))]
    public void LandedGroup_EveryCasePasses(string group)
    {
        var rows = ParityRunner.Run(ParityCatalogs.Default(), SharedFixtures.Root, [group], null, TestContext.Current.CancellationToken);
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.True(r.Status == ParityStatus.Pass, $"{r.Area}/{r.Group}/{r.Case}: {r.Metric} = {r.Value} {r.Message}"));
    }
}
