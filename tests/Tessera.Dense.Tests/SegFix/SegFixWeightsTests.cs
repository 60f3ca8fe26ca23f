using Tessera.Nn.Weights;
using Tessera.Core.Errors;
using Tessera.Data.Synthetic;
using Tessera.Dense.SegFix;
using Tessera.Nn.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Tessera.Dense.Tests.SegFix;

[Collection(TorchRngGroup.Name)]
public sealed class SegFixWeightsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tessera-segfixw-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    [Fact]
    public void SaveLoad_RoundTrip_SamePrediction()
    {
        // Given a tiny network with non-default BN statistics
        torch.manual_seed(3);
        using var net = new SegFixNet(SegFixConfig.Tiny with { Bins = 16 });
        using (torch.no_grad())
        {
            net.state_dict()["mask_head.1.0.running_mean"].fill_(0.25f);
        }
        net.eval();
        var labels = ShapeScenes.Generate(new ShapeSceneOptions { Height = 24, Width = 40 }, 5);
        var image = SceneRenderer.Render(labels, 5);

        // When it is saved and loaded
        SegFixWeights.Save(PathOf("w.safetensors"), net);
        using var predictor = SegFixPredictor.Load(PathOf("w.safetensors"));
        using var original = new SegFixPredictor(net);

        // Then the configuration and every output agree
        Assert.Equal(16, predictor.Config.Bins);
        var a = original.Predict(image);
        var b = predictor.Predict(image);
        Assert.Equal(a.BoundaryProbability.AsSpan<float>().ToArray(), b.BoundaryProbability.AsSpan<float>().ToArray());
        Assert.Equal(a.Offsets.AsSpan<sbyte>().ToArray(), b.Offsets.AsSpan<sbyte>().ToArray());
        Assert.Equal([24, 40, 2], b.Offsets.Shape);
    }

    [Fact]
    public void LoadInto_DifferentConfig_ReportsMissingUnexpectedAndMisshapedKeysWithoutCopying()
    {
        torch.manual_seed(4);
        using var small = new SegFixNet(SegFixConfig.Tiny);
        SegFixWeights.Save(PathOf("tiny.safetensors"), small);
        using var other = new SegFixNet(SegFixConfig.Tiny with { StageChannels = [8, 16, 16], Bins = 4 });
        var before = other.state_dict()["dir_head.0.weight"].clone();

        var e = Assert.Throws<TesseraFormatException>(() => SegFixWeights.LoadInto(PathOf("tiny.safetensors"), other));

        Assert.Contains("missing: [backbone.stages.2.", e.Message, StringComparison.Ordinal);
        Assert.Contains("dir_head.2.weight: file", e.Message, StringComparison.Ordinal);
        Assert.True(before.eq(other.state_dict()["dir_head.0.weight"]).all().item<bool>());
    }

    [Fact]
    public void Load_ExtraKeyInFile_IsUnexpected()
    {
        torch.manual_seed(5);
        using var net = new SegFixNet(SegFixConfig.Tiny);
        SegFixWeights.Save(PathOf("w.safetensors"), net);
        // A file whose key set has one more tensor (written through the same writer)
        var (tensors, metadata) = CheckpointReader.ReadSafetensors(PathOf("w.safetensors"));
        tensors.Add("extra.weight", torch.zeros(2));
        CheckpointWriter.Save(PathOf("extra.safetensors"), tensors, metadata);

        var e = Assert.Throws<TesseraFormatException>(() => SegFixWeights.Load(PathOf("extra.safetensors")));
        Assert.Contains("unexpected: [extra.weight]", e.Message, StringComparison.Ordinal);
        tensors.Dispose();
    }

    [Fact]
    public void Load_TrainerCheckpointOrMissingFile_TypedErrors()
    {
        var samples = SegFixData.Synthetic(2, 32, 32, 0, SegFixConfig.Tiny);
        torch.manual_seed(6);
        using var net = new SegFixNet(SegFixConfig.Tiny);
        SegFixTraining.Train(net, samples, new SegFixTrainingOptions { Epochs = 1, BatchSize = 2, OutputDirectory = PathOf("run") });

        var e = Assert.Throws<TesseraFormatException>(() => SegFixWeights.Load(Path.Combine(PathOf("run"), "checkpoint.safetensors")));
        Assert.Contains("format", e.Message, StringComparison.Ordinal);
        Assert.Throws<FileNotFoundException>(() => SegFixWeights.Load(PathOf("nope.safetensors")));
        using var loaded = SegFixWeights.Load(Path.Combine(PathOf("run"), SegFixTraining.WeightsFileName));
        Assert.False(loaded.training);
    }
}
