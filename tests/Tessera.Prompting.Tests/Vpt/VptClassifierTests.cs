using Tessera.Core.Errors;
using Tessera.Nn.Models.Vit;
using Tessera.Prompting.Vpt;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Prompting.Tests.Vpt;

public sealed class VptClassifierTests
{
    [Theory]
    [InlineData(3, 24, 2, 1)]
    [InlineData(7, 40, 4, 2)]
    [InlineData(1, 16, 3, 3)]
    public void Deep_OtherSizesAndSeeds_PromptsReplacedBeforeEveryBlock(int tokens, int width, int depth, long seed)
    {
        using var vit = Backbones.Vit(width: width, depth: depth, heads: 2, seed: seed);
        var recording = new RecordingBackbone(vit);
        using var model = new VptClassifier(recording, 32, 4, new VptOptions { NumTokens = tokens, Deep = true }, seed: seed);
        using var images = Backbones.Images(2, seed: seed);

        using var logits = model.forward(images);

        Assert.Equal(new long[] { 2, 4 }, logits.shape);
        Assert.Equal(depth, recording.Calls.Count);
        using var input = model.Prompts.InputTokens(recording);
        Assert.True(TensorAssert.Same(recording.Calls[0].Input.narrow(1, 1, tokens), input.expand(2, -1, -1)));
        for (var i = 1; i < depth; i++)
        {
            var (block, x) = recording.Calls[i];
            Assert.Equal(i, block);
            Assert.Equal(1 + tokens + 16, x.shape[1]);
            using var deep = model.Prompts.DeepTokens(i);
            Assert.True(TensorAssert.Same(x.narrow(1, 1, tokens), deep.expand(2, -1, -1)), $"block {i}");
        }
    }

    [Fact]
    public void Shallow_PromptOutputsFlowToTheNextBlock()
    {
        using var vit = Backbones.Vit(depth: 3);
        var recording = new RecordingBackbone(vit);
        using var model = new VptClassifier(recording, 32, 3, new VptOptions { NumTokens = 4 });
        using var images = Backbones.Images(2);

        using var _ = model.forward(images);

        for (var i = 1; i < 3; i++)
        {
            using var previous = vit.ForwardBlock(i - 1, recording.Calls[i - 1].Input);
            Assert.True(previous.allclose(recording.Calls[i].Input, 1e-6, 1e-6));
        }
    }

    [Fact]
    public void Backward_GradientOnlyOnPromptsAndHead()
    {
        using var vit = Backbones.Vit();
        using var model = new VptClassifier(vit, 32, 5, new VptOptions { NumTokens = 3, Deep = true, Project = 8 });
        using var images = Backbones.Images(3);
        using var labels = torch.tensor(new long[] { 0, 4, 2 });

        using var loss = nn.functional.cross_entropy(model.forward(images), labels);
        loss.backward();

        Assert.All(vit.parameters(), p => { Assert.False(p.requires_grad); Assert.Null(p.grad); });
        Assert.All(model.named_parameters(), p => Assert.True(p.parameter.grad is not null && p.parameter.grad.abs().sum().item<float>() > 0, p.name));
        Assert.Equal(
            new[] { "head.last_layer.bias", "head.last_layer.weight", "prompt.deep_prompt_embeddings", "prompt.prompt_embeddings", "prompt.prompt_proj.bias", "prompt.prompt_proj.weight" },
            model.named_parameters().Select(p => p.name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(8, 32, -1)]
    [InlineData(16, 24, 6)]
    public void Init_PromptsUniformWithinPaperBoundAndHeadBias(int patch, int width, int project)
    {
        using var vit = Backbones.Vit(width: width, patch: patch);
        using var model = new VptClassifier(vit, 32, 3, new VptOptions { NumTokens = 50, Deep = true, Project = project }, seed: 5);
        var promptDim = project > 0 ? project : width;
        var bound = Math.Sqrt(6.0 / ((3.0 * patch * patch) + promptDim));
        var p = model.named_parameters().ToDictionary(x => x.name, x => (Tensor)x.parameter);

        foreach (var name in new[] { "prompt.prompt_embeddings", "prompt.deep_prompt_embeddings" })
        {
            var max = p[name].abs().max().item<float>();
            Assert.True(max <= bound && max > 0.95 * bound, $"{name}: max {max}, bound {bound}");
            Assert.True(Math.Abs(p[name].mean().item<float>()) < 0.1 * bound);
        }
        Assert.True(p["head.last_layer.bias"].eq((float)-Math.Log(99)).all().item<bool>());
    }

    [Fact]
    public void SameSeed_SameInitialisation_OtherSeed_Differs()
    {
        using var vit = Backbones.Vit();
        using var a = new VptClassifier(vit, 32, 3, new VptOptions { Deep = true }, seed: 1);
        using var b = new VptClassifier(vit, 32, 3, new VptOptions { Deep = true }, seed: 1);
        using var c = new VptClassifier(vit, 32, 3, new VptOptions { Deep = true }, seed: 2);

        Assert.True(a.parameters().Zip(b.parameters()).All(x => TensorAssert.Same(x.First, x.Second)));
        Assert.False(TensorAssert.Same(a.parameters().First(), c.parameters().First()));
    }

    [Theory]
    [InlineData(VptLocation.Add, 17)]
    [InlineData(VptLocation.ConcatChannel, 17)]
    [InlineData(VptLocation.PrependPixel, 17 + 4)]
    [InlineData(VptLocation.Prepend, 17 + 4)]
    public void Locations_SequenceLengthAndTrainableGradients(VptLocation location, int length)
    {
        using var vit = Backbones.Vit(depth: 2);
        foreach (var p in vit.parameters()) { p.requires_grad = false; } // a decorated backbone is not frozen by the classifier
        var recording = new RecordingBackbone(vit);
        using var model = new VptClassifier(recording, 32, 3, new VptOptions { NumTokens = 4, Location = location, Deep = location == VptLocation.Add });
        using var images = Backbones.Images(2);

        using var logits = model.forward(images);
        logits.sum().backward();

        Assert.All(recording.Calls, c => Assert.Equal(length, c.Input.shape[1]));
        Assert.All(model.named_parameters(), p => Assert.NotNull(p.parameter.grad));
        Assert.All(vit.parameters(), p => Assert.Null(p.grad));
    }

    [Theory]
    [InlineData(VptPooling.ClassToken)]
    [InlineData(VptPooling.PatchMean)]
    [InlineData(VptPooling.PromptMean)]
    [InlineData(VptPooling.PromptAndPatchMean)]
    public void ClipImageTower_AllPoolings_RunWithTheRightHeadWidth(VptPooling pooling)
    {
        using var visual = Backbones.ClipVisual();
        using var model = new VptClassifier(visual, 32, 6, new VptOptions { NumTokens = 3, Deep = true, Pooling = pooling });
        using var images = Backbones.Images(2);

        using var features = model.Features(images);
        using var logits = model.forward(images);

        Assert.Equal(pooling == VptPooling.ClassToken ? 32 : 64, features.shape[1]);
        Assert.Equal(new long[] { 2, 6 }, logits.shape);
    }

    [Fact]
    public void PromptMean_EqualsMeanOfNormalisedPromptOutputs()
    {
        using var vit = Backbones.Vit();
        using var model = new VptClassifier(vit, 32, 2, new VptOptions { NumTokens = 3, Pooling = VptPooling.PromptMean });
        using var images = Backbones.Images(2);

        var (_, hidden) = model.Encode(images);
        using var expected = vit.NormTokens(hidden).narrow(1, 1, 3).mean([1]);
        using var features = model.Features(images);

        Assert.True(features.allclose(expected, 1e-6, 1e-6));
    }

    [Fact]
    public void Dropout_TrainModeRandom_EvalModeDeterministic()
    {
        using var vit = Backbones.Vit();
        using var model = new VptClassifier(vit, 32, 2, new VptOptions { NumTokens = 8, Dropout = 0.5 });
        using var images = Backbones.Images(2);

        model.eval();
        using var e1 = model.forward(images);
        using var e2 = model.forward(images);
        model.train();
        using var t1 = model.forward(images);

        Assert.True(TensorAssert.Same(e1, e2));
        Assert.False(t1.allclose(e1, 1e-6, 1e-6));
        Assert.False(vit.training);
    }

    [Theory]
    [InlineData(0, false, -1, 0.0, VptLocation.Prepend, VptPooling.ClassToken, "NumTokens")]
    [InlineData(5, false, 0, 0.0, VptLocation.Prepend, VptPooling.ClassToken, "Project")]
    [InlineData(5, false, -1, 1.0, VptLocation.Prepend, VptPooling.ClassToken, "Dropout")]
    [InlineData(5, true, -1, 0.0, VptLocation.PrependPixel, VptPooling.ClassToken, "Deep")]
    [InlineData(5, false, -1, 0.0, VptLocation.Add, VptPooling.PromptMean, "Pooling")]
    public void Options_Invalid_ThrowNamingTheOption(int tokens, bool deep, int project, double dropout, VptLocation location, VptPooling pooling, string name)
    {
        using var vit = Backbones.Vit();
        var options = new VptOptions { NumTokens = tokens, Deep = deep, Project = project, Dropout = dropout, Location = location, Pooling = pooling };
        var e = Assert.Throws<TesseraArgumentException>(() => new VptClassifier(vit, 32, 2, options));
        Assert.Contains(name, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Forward_WrongImageSize_Throws()
    {
        using var vit = Backbones.Vit();
        using var model = new VptClassifier(vit, 32, 2);
        using var images = Backbones.Images(1, size: 24);
        Assert.Throws<TesseraArgumentException>(() => model.forward(images));
    }
}
