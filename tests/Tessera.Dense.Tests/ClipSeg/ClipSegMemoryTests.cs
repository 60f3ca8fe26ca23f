using System.Diagnostics;
using Tessera.Core.Imaging;
using Tessera.Dense.ClipSeg;
using Tessera.Nn.Models.Clip;
using Tessera.Nn.Models.Clip.Tokenizer;
using Tessera.Nn.Weights;
using TorchSharp;
using Xunit;

namespace Tessera.Dense.Tests.ClipSeg;

/// <summary>Segmentation frees what it allocates: the process's resident memory stays flat over many calls
/// (`tessera bench clipseg` checks 1,000 calls; this test a smaller count).</summary>
[Collection(TorchRngGroup.Name)]
public sealed class ClipSegMemoryTests
{
    private static long Rss()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64;
    }

    [Fact]
    public void Segment_400Calls_ResidentMemoryStaysFlat()
    {
        var dir = ClipSegTrainingTests.WorldClipDirectory();
        using var weights = CheckpointReader.Read(Path.Combine(dir, "model.safetensors"));
        var config = ClipConfig.FromStateDict(weights);
        torch.manual_seed(0);
        using var model = new ClipSegModel(ClipModel.FromWeights(weights, config), new ClipSegDecoder(new ClipSegConfig { ExtractLayers = [0, 1, 2] }.For(config)));
        model.Decoder.eval();
        var segmenter = new ClipSegSegmenter(model, ClipTokenizer.FromFile(dir), 64);
        using var image = Image.Create(64, 64, 3, PixelType.UInt8);
        new Random(2).NextBytes(image.Pixels<byte>());
        using var cond = segmenter.EncodeText("the red circle");

        // Warm up (allocator pools, lazy initialisation), then measure 350 more calls.
        for (var i = 0; i < 50; i++) { _ = segmenter.Segment([image], cond); }
        var before = Rss();
        for (var i = 0; i < 350; i++) { _ = segmenter.Segment([image], cond); }
        var after = Rss();

        // Each call allocates about 0.2 MB of tensors: a leak would add some 70 MB here.
        Assert.True(after - before < 25L * 1024 * 1024, $"resident memory grew by {(after - before) / 1048576.0:F1} MB over 350 calls");
        Assert.Equal(1, segmenter.PromptEncodings);
    }
}
