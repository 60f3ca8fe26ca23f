using Tessera.Core.Parity;
using Tessera.Diffusion.Parity;
using Tessera.TestSupport;

namespace Tessera.Diffusion.Tests.Parity;

/// <summary>Every case of every group under ../shared/fixtures/diffusion through the diffusion parity handlers.</summary>
public sealed class DiffusionParityTests
{
    private static readonly ParityCatalog Catalog = new(
    [
        new SchedulesParityHandler(), new LossesParityHandler(), new ModelSamplingParityHandler(),
        new DdpmSegmentationParityHandler(), new KlDivergenceParityHandler(),
    ]);

    private static readonly string[] Groups = ["schedules", "losses", "model_sampling", "ddpm_segmentation", "kl_divergence"];

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var group in Groups)
        {
            foreach (var g in ParityRunner.Discover(Catalog, SharedFixtures.Get("diffusion", group)))
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
        var g = Assert.Single(ParityRunner.Discover(Catalog, SharedFixtures.Get("diffusion", group)));
        var row = ParityRunner.RunCase(g, g.Cases.Single(c => c.Name == caseName));

        Assert.True(row.Status == ParityStatus.Pass, $"{row.Metric} = {row.Value} (limit {row.Limit}): {row.Message}");
    }

    [Fact]
    public void Discover_DiffusionArea_EveryGroupClaimedByContent()
    {
        var groups = ParityRunner.Discover(Catalog, SharedFixtures.Get("diffusion"));

        Assert.Equal(Groups.Order(), groups.Select(g => g.Name).Order());
        Assert.All(groups, g => Assert.True(g.Supported && g.Cases.Count > 0, g.Name));
        Assert.All(groups, g => Assert.Equal("diffusion", g.Area));
    }

    [Theory]
    [InlineData("segfix")]
    [InlineData("models")]
    public void Discover_OtherAreas_NotClaimed(string area)
    {
        var root = Path.Combine(SharedFixtures.Root, area);
        if (!Directory.Exists(root)) { return; }

        var groups = ParityRunner.Discover(Catalog, root);

        Assert.DoesNotContain(groups, g => g.Supported);
    }
}
