using Tessera.Core.Parity;
using Tessera.Segmentation.Parity;
using Tessera.TestSupport;

namespace Tessera.Segmentation.Tests.Parity;

public sealed class SegFixParityTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var g in new SegFixParityHandler().TryOpen(SharedFixtures.Get("segfix"))!)
        {
            foreach (var c in g.Cases) { data.Add(g.Name, c.Name); }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void FixtureCase_RunThroughHandler_Passes(string group, string caseName)
    {
        var g = new SegFixParityHandler().TryOpen(SharedFixtures.Get("segfix"))!.Single(x => x.Name == group);
        var row = ParityRunner.RunCase(g, g.Cases.Single(c => c.Name == caseName), TestContext.Current.CancellationToken);
        Assert.True(row.Status == ParityStatus.Pass, $"{row.Group}/{row.Case}: {row.Metric} = {row.Value} (limit {row.Limit}) {row.Message}");
    }

    [Fact]
    public void TryOpen_FolderOfAreas_IsNotClaimed()
    {
        Assert.Null(new SegFixParityHandler().TryOpen(SharedFixtures.Root));
    }

    [Fact]
    public void Handler_ListsFourGroupsOfSevenCases()
    {
        var groups = new SegFixParityHandler().TryOpen(SharedFixtures.Get("segfix"))!;
        Assert.Equal(["distance", "direction", "refine", "metrics"], groups.Select(g => g.Name));
        Assert.All(groups, g => Assert.Equal(7, g.Cases.Count));
    }
}
