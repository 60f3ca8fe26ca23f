using Tessera.Core.Parity;
using Tessera.Dense.Parity;
using Tessera.TestSupport;

namespace Tessera.Dense.Tests.ClipSeg;

public sealed class ClipSegParityTests
{
    private static readonly Lazy<ParityGroup> Group = new(() =>
    {
        var groups = new ClipSegParityHandler().TryOpen(SharedFixtures.Get("models", "clipseg"));
        Assert.NotNull(groups);
        return Assert.Single(groups);
    });

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in Group.Value.Cases) { data.Add(c.Name); }
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void ClipSegCase_Passes(string name)
    {
        var group = Group.Value;
        var row = ParityRunner.RunCase(group, group.Cases.Single(c => c.Name == name), TestContext.Current.CancellationToken);
        Assert.True(row.Status == ParityStatus.Pass, $"{row.Case}: {row.Metric}={row.Value} {row.Message}");
    }

    [Fact]
    public void TryOpen_ClipSegFolder_ListsEveryManifestCase()
    {
        var group = Group.Value;
        Assert.Equal("models", group.Area);
        Assert.Equal("clipseg", group.Name);
        Assert.Equal(19, group.Cases.Count);
    }

    [Fact]
    public void TryOpen_OtherModelFolders_ReturnNull()
    {
        Assert.Null(new ClipSegParityHandler().TryOpen(SharedFixtures.Get("models", "clip")));
        Assert.Null(new ClipSegParityHandler().TryOpen(SharedFixtures.Get("models", "denseclip")));
        Assert.Null(new ClipSegParityHandler().TryOpen(SharedFixtures.Get("models")));
    }
}
