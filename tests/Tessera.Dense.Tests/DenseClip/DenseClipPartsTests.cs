using Tessera.Core.Errors;
using Tessera.Dense.DenseClip;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Dense.Tests.DenseClip;

[Collection(TorchRngGroup.Name)]
public sealed class DenseClipPartsTests
{
    [Fact]
    public void ScoreMaps_AreCosineSimilaritiesInvariantToScale()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(3);
        var dense = torch.randn(2, 5, 3, 4);
        var text = torch.randn(2, 6, 5);
        var s = DenseClipModel.ScoreMaps(dense, text);
        Assert.Equal([2L, 6, 3, 4], s.shape);
        var v = dense[1, .., 2, 3];
        var t = text[1, 4];
        var cos = (v * t).sum() / (v.norm() * t.norm());
        Assert.Equal(cos.item<float>(), s[1, 4, 2, 3].item<float>(), 5);
        var scaled = DenseClipModel.ScoreMaps(dense * 7, text * 0.5);
        Assert.True((scaled - s).abs().max().item<float>() < 1e-5);
        Assert.Throws<TesseraArgumentException>(() => DenseClipModel.ScoreMaps(dense, torch.randn(2, 6, 4)));
    }

    [Fact]
    public void ScoreMapLoss_RightMapsScoreLowerThanWrongOnes_AndIgnoredPixelsDoNotCount()
    {
        using var scope = torch.NewDisposeScope();
        var labels = torch.zeros(1, 8, 8, ScalarType.Int64);
        labels[.., torch.TensorIndex.Slice(4, 8)] = torch.tensor(1L);
        var right = torch.stack([(labels == 0).to(ScalarType.Float32) * 2 - 1, (labels == 1).to(ScalarType.Float32) * 2 - 1], 1);
        var wrong = right.flip(1);
        var lossRight = ScoreMapLoss.Compute(right, labels).item<float>();
        var lossWrong = ScoreMapLoss.Compute(wrong, labels).item<float>();
        Assert.True(lossRight < 0.01 && lossWrong > 10, $"{lossRight} vs {lossWrong}");
        var ignored = labels.clone();
        ignored[.., torch.TensorIndex.Slice(4, 8)] = torch.tensor(255L);
        var half = wrong.clone();
        half[.., .., torch.TensorIndex.Slice(4, 8)] = right[.., .., torch.TensorIndex.Slice(4, 8)];
        Assert.True(ScoreMapLoss.Compute(right, ignored).item<float>() < 0.01);
        Assert.Throws<TesseraArgumentException>(() => ScoreMapLoss.Compute(right, labels, tau: 0));
    }

    [Fact]
    public void FpnHead_FourMaps_GivesLogitsAtTheFinestMap()
    {
        torch.manual_seed(0);
        using var head = new DenseClipFpnHead([4, 8, 16, 32 + 3], 8, 5);
        head.eval();
        using var scope = torch.NewDisposeScope();
        var maps = new[] { torch.randn(2, 4, 16, 12), torch.randn(2, 8, 8, 6), torch.randn(2, 16, 4, 3), torch.randn(2, 35, 2, 2) };
        var logits = head.forward(maps);
        Assert.Equal([2L, 5, 16, 12], logits.shape);
        Assert.Throws<TesseraArgumentException>(() => head.forward(maps.Take(3).ToList()));
    }

    [Fact]
    public void ContextDecoder_GammaScalesTheUpdate()
    {
        torch.manual_seed(1);
        var config = new DenseClipConfig
        {
            ClassContextLength = 4, LearnableContext = 2, TextWidth = 16, TextHeads = 2, TextLayers = 1, VocabSize = 50, EmbedDim = 8,
            DecoderWidth = 8, DecoderHeads = 2, DecoderLayers = 1, ScoreConcatIndex = 3, GammaInit = 0,
        };
        using var backbone = new ClipResNetWithAttention([1, 1, 1, 1], 8, 64, 4, poolHeads: 4);
        long[] tokens = [1, 5, 9, 2, 1, 7, 9, 0];
        using var model = new DenseClipModel(config, backbone, tokens, 2);
        model.eval();
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        using var output = model.forward(torch.randn(2, 3, 64, 64));
        Assert.Equal([2L, 2, 2, 2], output.ScoreMap.shape);
        Assert.Equal(128 + 2, output.Features[3].shape[1]);
        Assert.True((output.TextEmbeddings - output.TextEmbeddingsInitial).abs().max().item<float>() == 0);
        Assert.True(output.TextDiff.abs().max().item<float>() > 0);
        Assert.Equal(["contexts", "gamma"], model.named_parameters().Select(p => p.name).Where(n => !n.Contains('.')).Order().ToArray());
    }

    [Fact]
    public void TruncatedNormal_HasTheRequestedSpreadWithinTheBounds()
    {
        torch.manual_seed(5);
        using var t = torch.empty(20000);
        TruncatedNormal.Fill(t, std: 0.02);
        Assert.InRange(t.std().item<float>(), 0.019f, 0.021f);
        Assert.InRange(t.mean().item<float>(), -0.001f, 0.001f);
        using var wide = torch.empty(20000);
        TruncatedNormal.Fill(wide);
        Assert.True(wide.abs().max().item<float>() <= 2f);
        Assert.InRange(wide.std().item<float>(), 0.85f, 0.90f);   // N(0, 1) truncated to ±2: σ ≈ 0.880
    }
}
