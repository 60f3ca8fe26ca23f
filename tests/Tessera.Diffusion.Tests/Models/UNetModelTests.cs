using Tessera.Core.Errors;
using Tessera.Diffusion.Models.UNet;
using Tessera.Nn.Weights;
using Tessera.TestSupport;
using static TorchSharp.torch;

namespace Tessera.Diffusion.Tests.Models;

public sealed class UNetModelTests
{
    [Fact]
    public void StateDictKeys_EqualReferenceCheckpointKeys()
    {
        var config = UNetConfig.ImprovedDiffusion(32, 32, 1, learnSigma: true, attentionResolutions: "8", numHeads: 4);
        using var model = new UNetModel(config);
        using var reference = CheckpointReader.Read(SharedFixtures.Get("diffusion", "model_sampling", "unet.safetensors"));

        var ours = model.named_parameters().Select(p => p.name).Concat(model.named_buffers().Select(b => b.name)).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(reference.Keys.Order(StringComparer.Ordinal), ours);
        Assert.Equal(8, model.OutputBlockCount);
    }

    [Fact]
    public void Forward_ClassConditional_LabelsChangeOutput()
    {
        using var model = TinyModels.Seeded(TinyModels.UNet(classes: 3));
        using var scope = NewDisposeScope();
        var x = randn(2, 1, 8, 8);
        var t = tensor(new float[] { 10, 10 });

        var a = model.Forward(x, t, tensor(new long[] { 0, 0 }));
        var b = model.Forward(x, t, tensor(new long[] { 1, 2 }));

        Assert.Equal([2L, 2, 8, 8], a.shape);
        Assert.True((a - b).abs().max().item<float>() > 1e-6);
        Assert.Throws<TesseraArgumentException>(() => model.Forward(x, t));
    }

    [Fact]
    public void DecoderActivations_MatchBlockOutputsAndStopEarly()
    {
        using var model = TinyModels.Seeded(TinyModels.UNet());
        using var scope = NewDisposeScope();
        var x = randn(1, 1, 8, 8);
        var t = tensor(new float[] { 5 });

        var acts = model.DecoderActivations(x, t, [0, 2]);

        Assert.Equal(2, acts.Count);
        Assert.Equal(4, acts[0].shape[2]); // first decoder level is at half resolution before its upsample output
        Assert.Throws<TesseraArgumentException>(() => model.DecoderActivations(x, t, [model.OutputBlockCount]));
    }

    [Fact]
    public void NewModel_ReferenceInitialisation_PredictsZeroAndIsFinite()
    {
        using var model = new UNetModel(TinyModels.UNet());
        using var scope = NewDisposeScope();

        var y = model.Forward(randn(2, 1, 8, 8), tensor(new float[] { 1, 500 }));

        Assert.True(model.parameters().All(p => p.isfinite().all().item<bool>()));
        Assert.Equal(0f, y.abs().max().item<float>());
    }

    [Fact]
    public void Config_BadChannels_Throws()
    {
        var e = Assert.Throws<TesseraArgumentException>(() => new UNetModel(TinyModels.UNet() with { ModelChannels = 40 }));

        Assert.Equal("ModelChannels", e.ParamName);
    }
}
