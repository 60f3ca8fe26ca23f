using Tessera.Core.Errors;
using Tessera.Nn.Layers;
using Tessera.Nn.Runtime;
using Tessera.Nn.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Nn.Tests.Layers;

public sealed class AttentionTests
{
    /// <summary>Textbook multi-head attention written with explicit loops over heads.</summary>
    private static Tensor Naive(Tensor x, Tensor w, Tensor b, Tensor ow, Tensor ob, int heads, bool causal)
    {
        var c = x.shape[2];
        var d = c / heads;
        var qkv = x.matmul(w.t()) + b;
        var q = qkv.narrow(2, 0, c);
        var k = qkv.narrow(2, c, c);
        var v = qkv.narrow(2, 2 * c, c);
        var outs = new List<Tensor>();
        for (var h = 0; h < heads; h++)
        {
            var qh = q.narrow(2, h * d, d);
            var kh = k.narrow(2, h * d, d);
            var vh = v.narrow(2, h * d, d);
            var s = qh.matmul(kh.transpose(1, 2)) / Math.Sqrt(d);
            if (causal)
            {
                var n = x.shape[1];
                s = s + torch.full(n, n, float.NegativeInfinity).triu(1);
            }
            outs.Add(s.softmax(-1).matmul(vh));
        }
        return torch.cat(outs, 2).matmul(ow.t()) + ob;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MultiheadSelfAttention_MatchesNaiveAttention(bool causal)
    {
        TorchRuntime.EnsureLoaded();
        torch.manual_seed(3);
        using var scope = torch.NewDisposeScope();
        using var attn = new MultiheadSelfAttention(8, 2, causal);
        using var sd = StateDict.FromModule(attn);
        foreach (var k in sd.Keys) { sd[k].normal_(); }
        StateDictLoader.Load(attn, sd);
        var x = torch.randn(2, 5, 8);

        var actual = attn.forward(x);
        var expected = Naive(x, sd["in_proj_weight"], sd["in_proj_bias"], sd["out_proj.weight"], sd["out_proj.bias"], 2, causal);

        Assert.True(actual.allclose(expected, 1e-5, 1e-5), $"max diff {(actual - expected).abs().max().item<float>()}");
    }

    [Fact]
    public void Attention_TimmNames_AndSameMathAsMultihead()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = torch.NewDisposeScope();
        using var timm = new Attention(8, 4);
        using var mha = new MultiheadSelfAttention(8, 4);
        using var sd = StateDict.FromModule(timm);
        using var renamed = new StateDict();
        renamed.Add("in_proj_weight", sd["qkv.weight"].clone());
        renamed.Add("in_proj_bias", sd["qkv.bias"].clone());
        renamed.Add("out_proj.weight", sd["proj.weight"].clone());
        renamed.Add("out_proj.bias", sd["proj.bias"].clone());
        StateDictLoader.Load(mha, renamed);
        var x = torch.randn(1, 3, 8);

        Assert.Equal(["qkv.weight", "qkv.bias", "proj.weight", "proj.bias"], sd.Keys);
        Assert.True(timm.forward(x).allclose(mha.forward(x), 1e-6, 1e-6));
    }

    [Fact]
    public void Constructor_HeadsNotDividingWidth_ThrowsNamingHeads()
    {
        var e = Assert.Throws<TesseraArgumentException>(() => new Attention(10, 3));
        Assert.Equal("heads", e.ParamName);
    }

    [Fact]
    public void PositionEmbedding_SameGrid_IsIdentityAndOtherGridKeepsClassToken()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = torch.NewDisposeScope();
        var pos = torch.randn(1, 1 + 16, 6);

        var same = PositionEmbedding.Resample(pos, (4, 4), (4, 4));
        var bigger = PositionEmbedding.Resample(pos, (4, 4), (6, 5));

        Assert.True(same.allclose(pos, 1e-5, 1e-5));
        Assert.Equal([1L, 31L, 6L], bigger.shape);
        Assert.True(bigger[0, 0].eq(pos[0, 0]).all().item<bool>());
    }
}
