using Tessera.Core.Errors;
using Tessera.Nn.Layers;
using Tessera.Nn.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Nn.Tests.Weights;

public sealed class StateDictLoaderTests
{
    private static StateDict WeightsFor(nn.Module module, float value)
    {
        var sd = StateDict.FromModule(module);
        foreach (var k in sd.Keys) { sd[k].fill_(value); }
        return sd;
    }

    [Fact]
    public void Load_MatchingKeys_CopiesEveryTensor()
    {
        using var mlp = new Mlp(4, 8);
        using var weights = WeightsFor(mlp, 0.25f);

        var report = StateDictLoader.Load(mlp, weights);

        Assert.True(report.IsComplete);
        Assert.Equal(["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"], report.Loaded);
        Assert.All(mlp.parameters(), p => Assert.True(p.eq(0.25f).all().item<bool>()));
    }

    [Fact]
    public void Load_StrictWithMissingUnexpectedAndMisShaped_ThrowsNamingKeysAndCopiesNothing()
    {
        using var mlp = new Mlp(4, 8);
        using var before = StateDict.FromModule(mlp);
        using var weights = WeightsFor(mlp, 0.5f);
        weights.Remove("fc2.bias");
        weights.Add("extra.weight", torch.zeros(3));
        weights.Remove("fc1.bias");
        weights.Add("fc1.bias", torch.zeros(7));

        var e = Assert.Throws<IncompatibleWeightsException>(() => StateDictLoader.Load(mlp, weights));

        Assert.Equal("weights", e.ParamName);
        Assert.Equal(["fc2.bias"], e.Report.Missing);
        Assert.Equal(["extra.weight"], e.Report.Unexpected);
        var mis = Assert.Single(e.Report.Mismatched);
        Assert.Equal("fc1.bias", mis.Key);
        Assert.Equal([8L], mis.Expected);
        Assert.Equal([7L], mis.Actual);
        Assert.Contains("fc2.bias", e.Message, StringComparison.Ordinal);
        Assert.Contains("extra.weight", e.Message, StringComparison.Ordinal);
        using var after = StateDict.FromModule(mlp);
        foreach (var k in before.Keys) { Assert.True(before[k].eq(after[k]).all().item<bool>(), k); }
    }

    [Fact]
    public void Load_NotStrict_LoadsMatchingKeysAndReportsTheRest()
    {
        using var mlp = new Mlp(4, 8);
        using var weights = WeightsFor(mlp, 0.5f);
        weights.Remove("fc2.bias");
        weights.Add("head.weight", torch.zeros(2));

        var report = StateDictLoader.Load(mlp, weights, strict: false);

        Assert.False(report.IsComplete);
        Assert.Equal(3, report.Loaded.Count);
        Assert.Equal(["fc2.bias"], report.Missing);
        Assert.Equal(["head.weight"], report.Unexpected);
        Assert.True(mlp.named_parameters().Single(p => p.name == "fc1.weight").parameter.eq(0.5f).all().item<bool>());
    }

    [Fact]
    public void Load_Float16Checkpoint_ConvertsToModuleDtype()
    {
        using var mlp = new Mlp(2, 2);
        using var weights = StateDict.FromModule(mlp);
        using var half = new StateDict();
        foreach (var k in weights.Keys) { half.Add(k, weights[k].fill_(1.5f).to(ScalarType.Float16)); }

        StateDictLoader.Load(mlp, half);

        Assert.All(mlp.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
        Assert.All(mlp.parameters(), p => Assert.True(p.eq(1.5f).all().item<bool>()));
    }

    [Fact]
    public void Load_NullArguments_Throw()
    {
        using var mlp = new Mlp(2, 2);
        using var weights = new StateDict();
        Assert.Throws<ArgumentNullException>(() => StateDictLoader.Load(null!, weights));
        Assert.Throws<ArgumentNullException>(() => StateDictLoader.Load(mlp, null!));
    }

    [Fact]
    public void Add_DuplicateKey_ThrowsNamingKey()
    {
        using var sd = new StateDict();
        sd.Add("a", torch.zeros(1));
        var e = Assert.Throws<TesseraArgumentException>(() => sd.Add("a", torch.zeros(1)));
        Assert.Equal("key", e.ParamName);
    }
}
