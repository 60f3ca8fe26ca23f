using Tessera.Core.Errors;
using Tessera.Nn.Weights;
using Tessera.TestSupport;
using TorchSharp;

namespace Tessera.Nn.Tests.Weights;

public sealed class CheckpointReaderTests
{
    private static string Fixture(string group, string file) => SharedFixtures.Get("models", group, file);

    [Theory]
    [InlineData("clip", "clip_tiny.safetensors", CheckpointFormat.Safetensors)]
    [InlineData("clip_formats", "clip_tiny_state_dict.pt", CheckpointFormat.TorchPickle)]
    [InlineData("clip_formats", "clip_tiny_jit.pt", CheckpointFormat.TorchScript)]
    public void Detect_FixtureFiles_RecognisesFormat(string group, string file, CheckpointFormat expected)
    {
        Assert.Equal(expected, CheckpointReader.Detect(Fixture(group, file)));
    }

    [Theory]
    [InlineData("clip_tiny_state_dict.pt")]
    [InlineData("clip_tiny_jit.pt")]
    public void Read_TorchFormats_EqualSafetensorsBitForBit(string file)
    {
        using var reference = CheckpointReader.Read(Fixture("clip", "clip_tiny.safetensors"));
        using var loaded = CheckpointReader.Read(Fixture("clip_formats", file));

        Assert.Equal(194, reference.Count);
        Assert.Equal(reference.Keys.Order(StringComparer.Ordinal), loaded.Keys.Order(StringComparer.Ordinal));
        foreach (var key in reference.Keys)
        {
            var a = reference[key];
            var b = loaded[key];
            Assert.Equal(a.dtype, b.dtype);
            Assert.Equal(a.shape, b.shape);
            using var bc = b.contiguous();
            Assert.True(a.bytes.SequenceEqual(bc.bytes), key);
        }
    }

    [Theory]
    [InlineData("clip_tiny_state_dict.pt")]
    [InlineData("clip_tiny_jit.pt")]
    public void Read_TorchFormats_KeepStateDictOrder(string file)
    {
        using var loaded = CheckpointReader.Read(Fixture("clip_formats", file));

        // CLIP.state_dict() order: own parameters first, then visual.*, transformer.*, token_embedding, ln_final.
        Assert.Equal(["positional_embedding", "text_projection", "logit_scale", "visual.class_embedding"], loaded.Keys.Take(4));
        Assert.Equal(["ln_final.weight", "ln_final.bias"], loaded.Keys.TakeLast(2));
    }

    [Fact]
    public void Read_NotACheckpoint_ThrowsFormatError()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tessera-notweights-{Guid.NewGuid():N}.pt");
        File.WriteAllText(path, "hello, this is not a checkpoint");
        try
        {
            Assert.Throws<TesseraFormatException>(() => CheckpointReader.Read(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Read_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => CheckpointReader.Read("/nonexistent/weights.safetensors"));
    }

    [Fact]
    public void Save_ThenRead_RoundTripsEveryTensorAndDtype()
    {
        using var weights = new StateDict();
        weights.Add("b.weight", torch.arange(6, dtype: torch.float32).reshape(2, 3));
        weights.Add("a.count", torch.tensor(7L));
        weights.Add("half", torch.tensor(new float[] { 1.5f, -2f }).to(torch.float16));
        var path = Path.Combine(Path.GetTempPath(), $"tessera-rt-{Guid.NewGuid():N}.safetensors");
        try
        {
            CheckpointWriter.Save(path, weights, new Dictionary<string, string> { ["format"] = "pt" });
            using var back = CheckpointReader.Read(path);

            Assert.Equal(new[] { "a.count", "b.weight", "half" }, back.Keys);
            foreach (var k in weights.Keys)
            {
                Assert.Equal(weights[k].dtype, back[k].dtype);
                Assert.Equal(weights[k].shape, back[k].shape);
                Assert.True(weights[k].bytes.SequenceEqual(back[k].bytes), k);
            }
            Assert.Equal(0, BitConverter.ToInt64(File.ReadAllBytes(path).AsSpan(0, 8)) % 8);
            Assert.Empty(Directory.EnumerateFiles(Path.GetTempPath(), $".{Path.GetFileName(path)}*.tmp"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
