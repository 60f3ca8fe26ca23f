using Tessera.Core.Parity;
using Tessera.Nn.Parity;
using Tessera.TestSupport;

namespace Tessera.Nn.Tests.Parity;

/// <summary>Every case of ../shared/fixtures/models/{clip, clip_formats} through the parity handlers.</summary>
public sealed class ClipFixtureTests
{
    private static readonly ParityCatalog Catalog = new([new ClipParityHandler(), new ClipFormatsParityHandler()]);

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var group in new[] { "clip", "clip_formats" })
        {
            foreach (var g in ParityRunner.Discover(Catalog, SharedFixtures.Get("models", group)))
            {
                foreach (var c in g.Cases) { data.Add(group, c.Name); }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_RunThroughHandler_Passes(string group, string caseName)
    {
        var g = Assert.Single(ParityRunner.Discover(Catalog, SharedFixtures.Get("models", group)));
        Assert.True(g.Supported);
        var row = ParityRunner.RunCase(g, g.Cases.Single(c => c.Name == caseName));

        Assert.True(row.Status == ParityStatus.Pass, $"{row.Metric} = {row.Value} (limit {row.Limit}): {row.Message}");
    }

    [Fact]
    public void Discover_ModelsFolder_ClaimsClipGroupsWithExpectedCases()
    {
        var groups = ParityRunner.Discover(Catalog, SharedFixtures.Get("models"));

        var clip = Assert.Single(groups, g => g.Name == "clip" && g.Supported);
        Assert.Equal(4, clip.Cases.Count);
        var formats = Assert.Single(groups, g => g.Name == "clip_formats" && g.Supported);
        Assert.Equal(2, formats.Cases.Count);
    }
}
