using Tessera.Core.Errors;
using Tessera.Core.Random;
using Tessera.Prompting.Pixel;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Prompting.Tests.Pixel;

public sealed class PixelPrompterTests
{
    [Theory]
    [InlineData(20, 1)]
    [InlineData(16, 5)]
    [InlineData(9, 4)]
    public void PadPrompter_OtherSizes_FrameHoldsParametersAndCentreIsZero(int size, int pad)
    {
        using var prompter = new PadPrompter(size, pad, seed: 7);
        using var prompt = prompter.BuildPrompt();
        var p = prompter.named_parameters().ToDictionary(x => x.name, x => (Tensor)x.parameter);

        Assert.Equal(new long[] { 1, 3, size, size }, prompt.shape);
        Assert.True(TensorAssert.Same(prompt[.., .., ..pad, ..], p["pad_up"]));
        Assert.True(TensorAssert.Same(prompt[.., .., (size - pad).., ..], p["pad_down"]));
        Assert.True(TensorAssert.Same(prompt[.., .., pad..(size - pad), ..pad], p["pad_left"]));
        Assert.True(TensorAssert.Same(prompt[.., .., pad..(size - pad), (size - pad)..], p["pad_right"]));
        Assert.Equal(0f, prompt[.., .., pad..(size - pad), pad..(size - pad)].abs().sum().item<float>());
        Assert.Equal((2L * 3 * pad * size) + (2L * 3 * (size - (2 * pad)) * pad), prompter.ParameterCount);
    }

    [Fact]
    public void PadPrompter_Forward_AddsPromptAndLeavesInputUntouched()
    {
        using var prompter = new PadPrompter(12, 2, seed: 3);
        using var x = torch.randn(3, 3, 12, 12, generator: new Generator(5));
        using var before = x.clone();
        using var prompt = prompter.BuildPrompt();

        using var y = prompter.forward(x);

        Assert.True(TensorAssert.Same(x, before));
        Assert.True(TensorAssert.Same(y, x + prompt));
    }

    [Fact]
    public void PadPrompter_Backward_GradientOnlyOnFrameParameters()
    {
        using var prompter = new PadPrompter(10, 2, seed: 3);
        using var x = torch.randn(2, 3, 10, 10, generator: new Generator(1));

        using var y = prompter.forward(x);
        y.sum().backward();

        foreach (var (name, p) in prompter.named_parameters())
        {
            Assert.NotNull(p.grad);
            Assert.True(p.grad!.eq(2f).all().item<bool>(), name); // d(sum over batch of 2)/dp = 2
        }
    }

    [Theory]
    [InlineData(8, 4)]
    [InlineData(8, 5)]
    public void PadPrompter_FrameTooWide_Throws(int size, int pad)
    {
        var e = Assert.Throws<TesseraArgumentException>(() => new PadPrompter(size, pad));
        Assert.Contains("padSize", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Forward_WrongImageSize_ThrowsNamingImages()
    {
        using var prompter = new FixedPatchPrompter(16, 3);
        using var x = torch.zeros(1, 3, 15, 16);
        var e = Assert.Throws<TesseraArgumentException>(() => prompter.forward(x));
        Assert.Contains("images", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FixedPatchPrompter_Prompt_PatchInTopLeftOnly()
    {
        using var prompter = new FixedPatchPrompter(11, 4, seed: 2);
        using var prompt = prompter.BuildPrompt();
        var patch = prompter.parameters().Single();

        Assert.True(TensorAssert.Same(prompt[.., .., ..4, ..4], patch));
        Assert.Equal(prompt.abs().sum().item<float>(), patch.abs().sum().item<float>(), 4);
    }

    [Fact]
    public void RandomPatchPrompter_SameSeed_SameLocationsInRange()
    {
        using var a = new RandomPatchPrompter(10, 3, new SeededRandom(42));
        using var b = new RandomPatchPrompter(10, 3, new SeededRandom(42));

        var la = Enumerable.Range(0, 200).Select(_ => a.DrawLocation()).ToList();
        var lb = Enumerable.Range(0, 200).Select(_ => b.DrawLocation()).ToList();

        Assert.Equal(la, lb);
        Assert.All(la, l => Assert.InRange(l.Row, 0, 6));
        Assert.All(la, l => Assert.InRange(l.Col, 0, 6));
        Assert.Contains(la, l => l.Row == 6);   // the last valid start is reached
        Assert.Contains(la, l => l.Col == 0);
        Assert.True(la.Distinct().Count() > 20);
    }

    [Fact]
    public void RandomPatchPrompter_Forward_ReplaysWithDrawnLocation()
    {
        using var drawn = new RandomPatchPrompter(12, 3, new SeededRandom(9), seed: 4);
        using var replay = new RandomPatchPrompter(12, 3, new SeededRandom(9), seed: 4);
        using var x = torch.randn(2, 3, 12, 12, generator: new Generator(8));

        var location = replay.DrawLocation();
        using var y = drawn.forward(x);
        using var z = drawn.Apply(x, location);

        Assert.True(TensorAssert.Same(y, z));
        var patch = drawn.parameters().Single();
        using var diff = z - x;
        Assert.True(diff[.., .., location.Row..(location.Row + 3), location.Col..(location.Col + 3)]
            .allclose(patch.expand(2, -1, -1, -1), 0, 1e-6));
    }

    [Fact]
    public void RandomPatchPrompter_LocationOutside_Throws()
    {
        using var prompter = new RandomPatchPrompter(12, 3, new SeededRandom(1));
        using var x = torch.zeros(1, 3, 12, 12);
        Assert.Throws<TesseraArgumentException>(() => prompter.Apply(x, new PatchLocation(10, 0)));
        Assert.Throws<TesseraArgumentException>(() => prompter.Apply(x, new PatchLocation(0, -1)));
    }
}
