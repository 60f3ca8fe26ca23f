using Tessera.Core.Parity;
using Tessera.Dense.Parity;
using Tessera.TestSupport;

namespace Tessera.Dense.Tests.DenseClip;

public sealed class DenseClipParityTests
{
    private static readonly Lazy<ParityGroup> Group = new(() =>
    {
        var groups = new DenseClipParityHandler().TryOpen(SharedFixtures.Get("models", "denseclip"));
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
    public void DenseClipCase_Passes(string name)
    {
        var group = Group.Value;
        var row = ParityRunner.RunCase(group, group.Cases.Single(c => c.Name == name), TestContext.Current.CancellationToken);
        Assert.True(row.Status == ParityStatus.Pass, $"{row.Case}: {row.Metric}={row.Value} {row.Message}");
    }

    [Fact]
    public void TryOpen_DenseClipFolder_ListsEveryManifestCase()
    {
        var group = Group.Value;
        Assert.Equal("models", group.Area);
        Assert.Equal("denseclip", group.Name);
        Assert.Equal(6, group.Cases.Count);
    }

    [Fact]
    public void TryOpen_OtherModelFolders_ReturnNull()
    {
        Assert.Null(new DenseClipParityHandler().TryOpen(SharedFixtures.Get("models", "clip")));
        Assert.Null(new DenseClipParityHandler().TryOpen(SharedFixtures.Get("models", "clipseg")));
    }
}
