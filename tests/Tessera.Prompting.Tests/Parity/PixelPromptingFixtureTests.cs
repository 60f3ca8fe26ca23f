using Tessera.Core.Parity;
using Tessera.Prompting.Parity;
using Tessera.TestSupport;

namespace Tessera.Prompting.Tests.Parity;

/// <summary>Every case of ../shared/fixtures/prompting/visual_prompting through the handler.</summary>
public sealed class PixelPromptingFixtureTests
{
    private static readonly ParityCatalog Catalog = new([new PixelPromptingParityHandler()]);

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var g in ParityRunner.Discover(Catalog, SharedFixtures.Get("prompting", "visual_prompting")))
        {
            foreach (var c in g.Cases) { data.Add(c.Name); }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_RunThroughHandler_Passes(string caseName)
    {
        var g = Assert.Single(ParityRunner.Discover(Catalog, SharedFixtures.Get("prompting", "visual_prompting")));
        var row = ParityRunner.RunCase(g, g.Cases.Single(c => c.Name == caseName));

        Assert.True(row.Status == ParityStatus.Pass, $"{row.Metric} = {row.Value} (limit {row.Limit}): {row.Message}");
    }

    [Fact]
    public void Discover_PromptingFolder_ClaimsOnlyVisualPromptingWithSevenCases()
    {
        var groups = ParityRunner.Discover(Catalog, SharedFixtures.Get("prompting"));

        var g = Assert.Single(groups, x => x.Supported);
        Assert.Equal("visual_prompting", g.Name);
        Assert.Equal("prompting", g.Area);
        Assert.Equal(7, g.Cases.Count);
    }
}
