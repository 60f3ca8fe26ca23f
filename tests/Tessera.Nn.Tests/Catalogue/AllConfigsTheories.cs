using Tessera.Nn.Models.Clip;
using Tessera.Nn.Models.Vit;
using Tessera.Nn.Weights;
using TorchSharp;

namespace Tessera.Nn.Tests.Catalogue;

/// <summary>Every named configuration is consistent; the small ones build, run and round-trip their weights.</summary>
public sealed class AllConfigsTheories
{
    public static TheoryData<string> ClipNames() => [.. ClipConfig.Variants.Keys];

    public static TheoryData<string> VitNames() => [.. VitConfig.Variants.Keys];

    [Theory]
    [MemberData(nameof(ClipNames))]
    public void ClipVariant_Validates_AndGridIsWhole(string name)
    {
        var c = ClipConfig.Variants[name];
        c.Validate();
        Assert.Equal(c.ImageResolution, c.GridSize * c.VisionPatchSize);
        if (name is not ("tiny" or "toy"))
        {
            // released models follow CLIP's rule: vision heads = width / 64, text heads = width / 64
            Assert.Equal(c.VisionWidth / 64, c.VisionHeads);
            Assert.Equal(c.TransformerWidth / 64, c.TransformerHeads);
        }
    }

    [Theory]
    [MemberData(nameof(VitNames))]
    public void VitVariant_Validates(string name)
    {
        var c = VitConfig.Variants[name];
        c.Validate();
        Assert.Equal(c.ImageSize, c.GridSize * c.PatchSize);
    }

    [Fact]
    public void TinyClip_SaveLoadRoundTrip_SameLogits()
    {
        using var a = new ClipModel(ClipConfig.Toy);
        a.InitializeParameters(3);
        a.eval();
        var path = Path.Combine(Path.GetTempPath(), $"tessera-tinyclip-{Guid.NewGuid():N}.safetensors");
        try
        {
            CheckpointWriter.Save(path, a);
            using var weights = CheckpointReader.Read(path);
            using var b = ClipModel.FromWeights(weights, ClipConfig.Toy);
            using var noGrad = torch.no_grad();
            using var images = torch.randn(1, 3, 32, 32);
            var ids = new long[77];
            ids[0] = 49406; ids[1] = 42; ids[2] = 49407;
            using var tokens = torch.tensor(ids, [1, 77]);

            using var la = a.forward(images, tokens);
            using var lb = b.forward(images, tokens);

            Assert.True(la.eq(lb).all().item<bool>());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
