using Tessera.Core.Errors;
using Tessera.Dense.ClipSeg;
using TorchSharp;

namespace Tessera.Dense.Tests.ClipSeg;

public sealed class VisualPromptEngineeringTests
{
    [Fact]
    public void CropBox_Rectangle_WidensEachSideByContextTimesExtent()
    {
        using var mask = torch.zeros(50, 40);
        mask[torch.TensorIndex.Slice(10, 30), torch.TensorIndex.Slice(5, 15)] = torch.tensor(1f);
        var (x0, x1, y0, y1) = VisualPromptEngineering.CropBox(mask, 0.1);
        Assert.Equal((4, 16, 8, 32), (x0, x1, y0, y1));
        Assert.Equal((5, 15, 10, 30), VisualPromptEngineering.CropBox(mask, 0));
    }

    [Fact]
    public void Apply_DarkenWithoutBlur_KeepsObjectScalesBackground()
    {
        using var image = torch.ones(3, 16, 16) * 2;
        using var mask = torch.zeros(16, 16);
        mask[torch.TensorIndex.Slice(0, 8)] = torch.tensor(1f);
        using var output = VisualPromptEngineering.Apply(image, mask, VisualPromptOptions.DarkenBackground);
        Assert.Equal(2f, output[0, 0, 0].item<float>(), 6);
        Assert.Equal(0.2f, output[0, 15, 15].item<float>(), 6);
        Assert.Equal(2f, image[0, 15, 15].item<float>());
    }

    [Fact]
    public void Apply_CropModes_ReturnTheRequestedSquare()
    {
        using var image = torch.randn(3, 32, 32);
        using var mask = torch.zeros(32, 32);
        mask[torch.TensorIndex.Slice(4, 10), torch.TensorIndex.Slice(2, 30)] = torch.tensor(1f);
        using var output = VisualPromptEngineering.Apply(image, mask, VisualPromptOptions.ForMode("crop_blur_highlight", 24));
        Assert.Equal([3L, 24, 24], output.shape);
    }

    [Fact]
    public void Apply_Invalid_ThrowsTyped()
    {
        using var image = torch.zeros(3, 16, 16);
        using var wrong = torch.zeros(15, 16);
        Assert.Throws<TesseraArgumentException>(() => VisualPromptEngineering.Apply(image, wrong, VisualPromptOptions.BlurBackground));
        Assert.Throws<TesseraArgumentException>(() => VisualPromptOptions.ForMode("sparkle"));
        using var tiny = torch.zeros(3, 4, 4);
        using var tinyMask = torch.zeros(4, 4);
        Assert.Throws<TesseraArgumentException>(() => VisualPromptEngineering.Apply(tiny, tinyMask, VisualPromptOptions.BlurBackground));
    }

    [Fact]
    public void Prompts_TemplatesAndSampling_AreUpstreams()
    {
        Assert.Equal("a photo of a cat.", ClipSegPrompts.Apply(ClipSegPrompts.Fixed[0], "cat"));
        Assert.Equal(9, ClipSegPrompts.Named("shuffle+").Count);
        var sampled = ClipSegPrompts.Sample(["cat", "dog"], ClipSegPrompts.Shuffle, new Tessera.Core.Random.SeededRandom(3));
        Assert.All(sampled, s => Assert.Contains(ClipSegPrompts.Shuffle, t => s == ClipSegPrompts.Apply(t, "cat") || s == ClipSegPrompts.Apply(t, "dog")));
        Assert.Throws<TesseraArgumentException>(() => ClipSegPrompts.Named("fancy"));
    }
}
