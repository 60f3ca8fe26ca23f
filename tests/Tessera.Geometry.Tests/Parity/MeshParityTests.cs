using Tessera.Core.Parity;
using Tessera.Geometry.Parity;
using Tessera.TestSupport;

namespace Tessera.Geometry.Tests.Parity;

public sealed class MeshParityTests
{
    private static readonly Lazy<IReadOnlyList<ParityGroup>> Groups =
        new(() => new MeshParityHandler().TryOpen(SharedFixtures.Get("mesh")) ?? throw new InvalidOperationException("mesh fixtures not recognised"));

    public static TheoryData<string, string> AllCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var g in Groups.Value)
        {
            foreach (var c in g.Cases) { data.Add(g.Name, c.Name); }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AllCases))]
    public void Case_Passes(string group, string caseName)
    {
        var g = Groups.Value.Single(x => x.Name == group);
        var c = g.Cases.Single(x => x.Name == caseName);
        var row = ParityRunner.RunCase(g, c, TestContext.Current.CancellationToken);
        Assert.True(row.Status == ParityStatus.Pass, $"{row.Metric}={row.Value} limit={row.Limit}: {row.Message}");
    }

    [Fact]
    public void TryOpen_OtherFolder_ReturnsNull()
    {
        Assert.Null(new MeshParityHandler().TryOpen(SharedFixtures.Get("mesh", "meshes")));
    }

    [Fact]
    public void TryOpen_MeshFolder_HasAllGroups()
    {
        var names = Groups.Value.Select(g => g.Name).ToHashSet();
        Assert.Contains("topology", names);
        Assert.Contains("subdivision", names);
        Assert.Contains("curves", names);
        Assert.Contains("triangulation", names);
    }
}
