using Tessera.Core.Errors;
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
    public void IncompatibleWeights_MessageNamesARealOption()
    {
        using var weights = CheckpointReader.Read(FixtureWeights);
        var e = Assert.Throws<IncompatibleWeightsException>(() => ClipModel.FromWeights(weights, ClipConfig.Tiny));
        Assert.Contains("StateDictLoader.Load(module, weights, strict: false)", e.Message, StringComparison.Ordinal);
    }
}
