using Tessera.Core.Parity;
using Tessera.Nn.Parity;
using Tessera.TestSupport;

namespace Tessera.Nn.Tests.Parity;

public sealed class ClipTokenizerParityTests
{
    private static readonly Lazy<ParityGroup> Group = new(() =>
    {
        var groups = new ClipTokenizerParityHandler().TryOpen(SharedFixtures.Get("models", "clip_tokenizer"));
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
    public void ClipTokenizerCase_Passes(string name)
    {
        var group = Group.Value;
        var row = ParityRunner.RunCase(group, group.Cases.Single(c => c.Name == name), TestContext.Current.CancellationToken);
        Assert.True(row.Status == ParityStatus.Pass, $"{row.Case}: {row.Metric}={row.Value} {row.Message}");
    }

    [Fact]
    public void TryOpen_ClipTokenizerFolder_IsModelsClipTokenizerWithEveryCase()
    {
        var group = Group.Value;
        Assert.Equal("models", group.Area);
        Assert.Equal("clip_tokenizer", group.Name);
        Assert.Equal(44 + 2, group.Cases.Count);
    }

    [Fact]
    public void TryOpen_OtherFixtureFolder_ReturnsNull()
    {
        Assert.Null(new ClipTokenizerParityHandler().TryOpen(SharedFixtures.Get("models", "clip")));
        Assert.Null(new ClipTokenizerParityHandler().TryOpen(SharedFixtures.Get("models")));
    }
}
