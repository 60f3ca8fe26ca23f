using System.Text.Json;
using Tessera.Core.Arrays;
using Tessera.Core.Errors;
using Tessera.Nn.Tensors;
using TorchSharp;
using Tessera.Nn.Models.Clip;
using Tessera.Nn.Weights;
using Tessera.TestSupport;

namespace Tessera.Nn.Tests.Models.Clip;

/// <summary>A checkpoint does not record head counts: the fixture's tiny CLIP (text width 32, 4 heads) must not be built with a guessed count.</summary>
public sealed class ClipHeadInferenceTests
{
    private static string FixtureWeights => SharedFixtures.Get("models", "clip", "clip_tiny.safetensors");

    [Fact]
    public void FromWeights_TextWidthNotAMultipleOf64_ThrowsNamingTheOption()
    {
        using var weights = CheckpointReader.Read(FixtureWeights);
        var e = Assert.Throws<TesseraArgumentException>(() => ClipModel.FromWeights(weights));
        Assert.Equal("transformerHeads", e.ParamName);
        Assert.Contains("text width is 32, not a multiple of 64", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromWeights_HeadsGiven_BuildsTheFixtureModel()
    {
        using var weights = CheckpointReader.Read(FixtureWeights);
        using var model = ClipModel.FromWeights(weights, transformerHeads: 4, visionHeads: null);
        Assert.Equal(4, model.Config.TransformerHeads);
        Assert.Equal(1, model.Config.VisionHeads);
    }

    [Fact]
    public void Tiny_IsTheFixtureModel_SizeForSize()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(SharedFixtures.Get("models", "clip", "manifest.json")));
        var c = manifest.RootElement.GetProperty("config");
        int N(string key) => c.GetProperty(key).GetInt32();
        var t = ClipConfig.Tiny;
        Assert.Equal((N("embed_dim"), N("image_resolution"), N("vision_layers"), N("vision_width"), N("vision_patch_size"), N("vision_heads")),
            (t.EmbedDim, t.ImageResolution, t.VisionLayers, t.VisionWidth, t.VisionPatchSize, t.VisionHeads));
        Assert.Equal((N("context_length"), N("vocab_size"), N("transformer_width"), N("transformer_heads"), N("transformer_layers")),
            (t.ContextLength, t.VocabSize, t.TransformerWidth, t.TransformerHeads, t.TransformerLayers));
        Assert.Same(ClipConfig.Tiny, ClipConfig.Variants["tiny"]);
    }

    [Fact]
    public void Tiny_LoadsTheFixtureWeightsStrictly_AndGivesItsLogits()
    {
        using var weights = CheckpointReader.Read(FixtureWeights);
        using var model = ClipModel.FromWeights(weights, ClipConfig.Tiny);
        model.eval();
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var images = ImageTensors.ToTensor(Npy.Read(SharedFixtures.Get("models", "clip", "images.npy")));
        var tokens = ImageTensors.ToTensor(Npy.Read(SharedFixtures.Get("models", "clip", "text_tokens.npy")));
        var logits = model.Logits(model.EncodeImage(images), model.EncodeText(tokens));
        var expected = ImageTensors.ToTensor(Npy.Read(SharedFixtures.Get("models", "clip", "logits_per_image.npy")));
        // the manifest's rule: |a − e| ≤ atol + rtol·|e| with atol 1e-4, rtol 1e-4 (a wrong head count is off by ~4)
        var worst = (logits - expected).abs().sub(expected.abs().mul(1e-4)).max().item<float>();
        Assert.True(worst <= 1e-4, $"logits differ by up to {worst} beyond the tolerance");
    }

    [Fact]
    public void IncompatibleWeights_MessageNamesARealOption()
    {
        using var weights = CheckpointReader.Read(FixtureWeights);
        var e = Assert.Throws<IncompatibleWeightsException>(() => ClipModel.FromWeights(weights, ClipConfig.Toy));
        Assert.Contains("StateDictLoader.Load(module, weights, strict: false)", e.Message, StringComparison.Ordinal);
    }
}
