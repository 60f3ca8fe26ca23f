using Tessera.Core.Parity;
using Tessera.Prompting.Parity;
using Tessera.TestSupport;

namespace Tessera.Prompting.Tests.Parity;

/// <summary>Every case of ../shared/fixtures/prompting/coop through the handler.</summary>
public sealed class CoopFixtureTests
{
    private static readonly ParityCatalog Catalog = new([new CoopParityHandler()]);

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var g in ParityRunner.Discover(Catalog, SharedFixtures.Get("prompting", "coop")))
        {
            foreach (var c in g.Cases) { data.Add(c.Name); }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_RunThroughHandler_Passes(string caseName)
    {
        var g = Assert.Single(ParityRunner.Discover(Catalog, SharedFixtures.Get("prompting", "coop")));
        var row = ParityRunner.RunCase(g, g.Cases.Single(c => c.Name == caseName));

        Assert.True(row.Status == ParityStatus.Pass, $"{row.Metric} = {row.Value} (limit {row.Limit}): {row.Message}");
    }

    [Fact]
    public void Discover_PromptingFolder_ClaimsCoopWithSevenCases()
    {
        var groups = ParityRunner.Discover(Catalog, SharedFixtures.Get("prompting"));

        var g = Assert.Single(groups, x => x.Supported);
        Assert.Equal("coop", g.Name);
        Assert.Equal("prompting", g.Area);
        Assert.Equal(7, g.Cases.Count);
    }
}
