using Tessera.Core.Arrays;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Parity;
using Tessera.Dense.ClipSeg;
using Tessera.Dense.Parity;
using Tessera.Nn.Models.Clip.Tokenizer;
using Tessera.Nn.Weights;
using Tessera.TestSupport;
using TorchSharp;

namespace Tessera.Dense.Tests.ClipSeg;

public sealed class ClipSegSegmenterTests
{
    private static ClipSegModel TinyModel()
    {
        var clip = DenseParityJson.LoadClip(SharedFixtures.Get("models", "clip", "clip_tiny.safetensors"));
        using var weights = CheckpointReader.Read(SharedFixtures.Get("models", "clipseg", "clipseg_rd16_plain.safetensors"));
        return ClipSegModel.Load(clip, weights, ClipSegConfig.Rd16);
    }

    private static Image Noise(int h, int w, int seed)
    {
        var rng = new Random(seed);
        var img = Image.Create(h, w, 3, PixelType.UInt8);
        rng.NextBytes(img.Pixels<byte>());
        return img;
    }

    [Fact]
    public void Segment_FolderOfImagesWithOnePrompt_EncodesThePromptOnce()
    {
        using var model = TinyModel();
        var tokenizer = ClipTokenizer.FromFile(SharedFixtures.Get("models", "clip_tokenizer", "bpe_simple_vocab_16e6.txt.gz"));
        var segmenter = new ClipSegSegmenter(model, tokenizer, 64);
        var images = Enumerable.Range(0, 100).Select(i => Noise(20 + (i % 7), 30 + (i % 5), i)).ToList();
        using var cond = segmenter.EncodeText("a cat");
        var maps = segmenter.Segment(images, cond, batchSize: 16);
        Assert.Equal(1, segmenter.PromptEncodings);
        Assert.Equal(100, maps.Count);
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal([images[i].Height, images[i].Width], maps[i].Shape);
            var p = maps[i].AsSpan<float>().ToArray();
            Assert.All(p, v => Assert.InRange(v, 0f, 1f));
        }
        foreach (var img in images) { img.Dispose(); }
    }

    [Fact]
    public void Segment_100ImagesAfterTheTextPromptIsEncoded_NeverRunsTheTextTowerAgain()
    {
        // Given a text prompt encoded once and the masks of three images segmented with the intact model
        using var model = TinyModel();
        var tokenizer = ClipTokenizer.FromFile(SharedFixtures.Get("models", "clip_tokenizer", "bpe_simple_vocab_16e6.txt.gz"));
        var segmenter = new ClipSegSegmenter(model, tokenizer, 64);
        var images = Enumerable.Range(0, 100).Select(i => Noise(20 + (i % 7), 30 + (i % 5), 1000 + i)).ToList();
        using var cond = segmenter.EncodeText("a cat");
        var reference = segmenter.Segment(images.Take(3).ToList(), cond, batchSize: 16);
        Assert.Equal(1, model.TextTowerPrompts);

        // When every tensor of CLIP's text tower is poisoned with NaN and the folder of 100 images is segmented
        using (torch.no_grad())
        {
            foreach (var (name, p) in model.Clip.named_parameters().Where(p => !p.name.StartsWith("visual.", StringComparison.Ordinal)))
            {
                p.fill_(float.NaN);
            }
        }
        var maps = segmenter.Segment(images, cond, batchSize: 16);

        // Then no mask saw the poison (the text tower did not run) and the masks equal those of the intact model
        Assert.Equal(1, model.TextTowerPrompts);
        Assert.Equal(1, segmenter.PromptEncodings);
        Assert.All(maps, m => Assert.All(m.AsSpan<float>().ToArray(), v => Assert.True(float.IsFinite(v))));
        // (A batch of 3 and one of 16 may round differently in the last bit.)
        for (var i = 0; i < 3; i++) { Assert.True(ArrayComparison.MaxAbsDiff(reference[i], maps[i]) < 1e-6); }
        // ... and the poison is real: encoding the prompt again gives NaN.
        using var poisoned = segmenter.EncodeText("a cat");
        Assert.True(poisoned.isnan().any().item<bool>());
        Assert.Equal(2, model.TextTowerPrompts);
        foreach (var img in images) { img.Dispose(); }
    }

    [Fact]
    public void Segment_BatchSize_DoesNotChangeTheResult()
    {
        using var model = TinyModel();
        var segmenter = new ClipSegSegmenter(model, null, 64);
        var images = Enumerable.Range(0, 5).Select(i => Noise(40, 48, i)).ToList();
        var example = Noise(64, 64, 99);
        using var mask = Image.CreateGray(64, 64, PixelType.UInt8);
        mask.Pixels<byte>()[..(64 * 30)].Fill(255);
        using var cond = segmenter.EncodeExample(example, mask);
        var one = segmenter.Segment(images, cond, 1);
        var all = segmenter.Segment(images, cond, 5);
        for (var i = 0; i < 5; i++)
        {
            Assert.True(ArrayComparison.MaxAbsDiff(one[i], all[i]) < 1e-5);
        }
    }

    [Fact]
    public void EncodeText_WithoutTokenizer_ThrowsTyped()
    {
        using var model = TinyModel();
        var segmenter = new ClipSegSegmenter(model, null, 64);
        Assert.Throws<TesseraArgumentException>(() => segmenter.EncodeText("a cat"));
        Assert.Throws<TesseraArgumentException>(() => new ClipSegSegmenter(model, null, 50));
    }

    [Fact]
    public void Masks_ThresholdSoftAndOverlay_FollowTheProbabilities()
    {
        var p = NdArray.Zeros(DType.Float32, 1, 3);
        p.AsSpan<float>()[0] = 0.2f;
        p.AsSpan<float>()[1] = 0.6f;
        p.AsSpan<float>()[2] = 1f;
        using var hard = ClipSegMasks.ToMask(p, 0.5);
        Assert.Equal(new byte[] { 0, 255, 255 }, hard.Pixels<byte>().ToArray());
        using var soft = ClipSegMasks.ToMask(p, null);
        Assert.Equal(new byte[] { 51, 153, 255 }, soft.Pixels<byte>().ToArray());
        using var img = Image.Create(1, 3, 3, PixelType.UInt8);
        img.Pixels<byte>().Fill(100);
        using var overlay = ClipSegMasks.Overlay(img, p, 0.5);
        Assert.Equal(new byte[] { 100, 100, 100, 178, 50, 50, 178, 50, 50 }, overlay.Pixels<byte>().ToArray());
        Assert.Equal(100, img.Pixels<byte>()[3]);
        Assert.Throws<TesseraArgumentException>(() => ClipSegMasks.ToMask(p, 1.5));
    }
}
