using System.Text.Json;
using Tessera.Dense.DenseClip;
using Tessera.Nn.Weights;
using Tessera.TestSupport;
using TorchSharp;

namespace Tessera.Dense.Tests.DenseClip;

public sealed class DenseClipWeightsTests
{
    [Fact]
    public void FromClip_ViT_GivesExactlyTheManifestsKeysFromClip()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(SharedFixtures.Get("models", "denseclip", "manifest.json")));
        var vit = doc.RootElement.GetProperty("config").GetProperty("variants").EnumerateArray().First(v => v.GetProperty("name").GetString() == "vit");
        var expected = vit.GetProperty("keys_from_clip").EnumerateObject().Select(p => p.Name).Order().ToList();
        using var clip = CheckpointReader.Read(SharedFixtures.Get("models", "clip", "clip_tiny.safetensors"));
        using var mapped = DenseClipWeights.FromClip(clip, 13, visual: true);
        Assert.Equal(expected, mapped.Keys.Order().ToList());
        Assert.Equal(13, mapped["text_encoder.positional_embedding"].shape[0]);
    }

    [Fact]
    public void FromClip_AttentionPoolGrid_IsResizedBilinearlyKeepingTheClassRow()
    {
        using var clip = CheckpointReader.Read(SharedFixtures.Get("models", "clip", "clip_tiny.safetensors"));
        using var withPool = new StateDict();
        foreach (var k in clip.Keys.Where(k => !k.StartsWith("visual.", StringComparison.Ordinal))) { withPool.Add(k, clip[k].alias()); }
        withPool.Add("visual.attnpool.positional_embedding", torch.arange(5 * 3, dtype: torch.ScalarType.Float32).reshape(5, 3));
        using var mapped = DenseClipWeights.FromClip(withPool, 13, visual: true, attnPoolGrid: 4);
        var pos = mapped["backbone.attnpool.positional_embedding"];
        Assert.Equal([17L, 3], pos.shape);
        Assert.Equal([0f, 1f, 2f], pos[0].data<float>().ToArray());
        // A constant-slope grid stays within the source range after bilinear resizing.
        Assert.InRange(pos[16, 0].item<float>(), 3f, 12f);
    }
}
