using Tessera.Core.Errors;
using Tessera.Dense.DenseClip;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Dense.Tests.DenseClip;

/// <summary>Pre-model, post-model and combined vision-to-language prompting on a small DenseCLIP whose text width (32)
/// differs from CLIP's embedding size (24), so that every projection's direction is exercised.</summary>
[Collection(TorchRngGroup.Name)]
public sealed class DenseClipPromptingTests
{
    private const int Classes = 3;
    private const int TextWidth = 32;
    private const int Embed = 24;
    private const int Queries = 4;

    /// <summary>A stand-in backbone: one strided convolution gives the dense embeddings, their mean the global one.</summary>
    private sealed class ConvBackbone : nn.Module<Tensor, DenseClipFeatures>
    {
        private readonly TorchSharp.Modules.Conv2d conv;

        public ConvBackbone() : base("ConvBackbone")
        {
            conv = nn.Conv2d(3, Embed, 8, stride: 8);
            RegisterComponents();
        }

        public override DenseClipFeatures forward(Tensor input)
        {
            using var scope = torch.NewDisposeScope();
            var dense = conv.forward(input);
            var maps = new[] { dense.alias(), dense.alias(), dense.alias(), dense.alias() };
            return new DenseClipFeatures(maps, dense.mean([2, 3]), dense).MoveToOuterDisposeScope();
        }
    }

    private static DenseClipModel Model(DenseClipPrompting prompting)
    {
        torch.manual_seed(5);
        var config = new DenseClipConfig
        {
            ClassContextLength = 3, LearnableContext = Queries, TextWidth = TextWidth, TextHeads = 4, TextLayers = 1, VocabSize = 50, EmbedDim = Embed,
            DecoderWidth = 16, DecoderHeads = 2, DecoderLayers = 1, ScoreConcatIndex = 3, Prompting = prompting,
        };
        // Per class: start token, a name token, end token (the largest id, where the encoder reads its output).
        long[] tokens = [1, 10, 49, 1, 11, 49, 1, 12, 49];
        var model = new DenseClipModel(config, new ConvBackbone(), tokens, Classes);
        model.eval();
        return model;
    }

    [Fact]
    public void PreModel_ContextVectorsPerImage_ReplaceTheLearnableContextAndNoUpdateFollows()
    {
        using var model = Model(DenseClipPrompting.Pre);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var images = torch.randn(2, 3, 32, 40);

        var output = model.forward(images);
        var context = model.PreModelContext(output.VisualContext);

        // One set of N2 context vectors of the text width per image, from N2 learnable queries.
        Assert.Equal([2L, Queries, TextWidth], context.shape);
        // One set of class embeddings per image (the text encoder ran on each image's context) ...
        Assert.Equal([2L, Classes, Embed], output.TextEmbeddingsInitial.shape);
        Assert.True((output.TextEmbeddingsInitial[0] - output.TextEmbeddingsInitial[1]).abs().max().item<float>() > 1e-4);
        // ... used as they are: no post-model update.
        Assert.Equal(0f, output.TextDiff.abs().max().item<float>());
        Assert.True(output.TextEmbeddings.allclose(output.TextEmbeddingsInitial, 0, 0));
        Assert.Equal([2L, Classes, 4, 5], output.ScoreMap.shape);
        Assert.Equal([2L, Embed + Classes, 4, 5], output.Features[3].shape);
        // The same image twice gives the same embeddings.
        var twice = model.forward(torch.cat([images.narrow(0, 0, 1), images.narrow(0, 0, 1)], 0));
        Assert.True(twice.TextEmbeddingsInitial[0].allclose(twice.TextEmbeddingsInitial[1], 0, 1e-6));
        Assert.Throws<InvalidOperationException>(() => model.ClassEmbeddings());
        Assert.Throws<TesseraArgumentException>(() => model.PreModelContext(torch.randn(2, 5, Embed + 1)));
    }

    [Theory]
    [InlineData(DenseClipPrompting.Post, new[] { "contexts", "gamma", "context_decoder." }, new[] { "pre_queries", "pre_decoder." })]
    [InlineData(DenseClipPrompting.Pre, new[] { "pre_queries", "pre_decoder." }, new[] { "contexts", "gamma", "context_decoder." })]
    [InlineData(DenseClipPrompting.Both, new[] { "pre_queries", "pre_decoder.", "gamma", "context_decoder." }, new[] { "contexts" })]
    public void Prompting_StateDictHoldsExactlyTheModesTensors(DenseClipPrompting prompting, string[] present, string[] absent)
    {
        using var model = Model(prompting);
        var keys = model.state_dict().Keys.ToList();
        foreach (var prefix in present) { Assert.Contains(keys, k => k.StartsWith(prefix, StringComparison.Ordinal)); }
        foreach (var prefix in absent) { Assert.DoesNotContain(keys, k => k.StartsWith(prefix, StringComparison.Ordinal)); }
        Assert.Equal(prompting != DenseClipPrompting.Post, model.PreModelDecoder is not null);
        Assert.Equal(prompting != DenseClipPrompting.Pre, model.ContextDecoder is not null);
    }

    [Fact]
    public void Both_AddsThePostModelUpdateToThePreModelEmbeddings()
    {
        using var model = Model(DenseClipPrompting.Both);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var images = torch.randn(2, 3, 32, 32);

        var output = model.forward(images);

        Assert.Equal([2L, Classes, Embed], output.TextEmbeddingsInitial.shape);
        Assert.True(output.TextDiff.abs().max().item<float>() > 0);
        var gamma = model.named_parameters().Single(p => p.name == "gamma").parameter;
        Assert.True(output.TextEmbeddings.allclose(output.TextEmbeddingsInitial + (gamma * output.TextDiff), 0, 1e-6));
    }

    [Fact]
    public void PostModel_OneSetOfClassEmbeddingsForEveryImage_AndNoPreModelContext()
    {
        using var model = Model(DenseClipPrompting.Post);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();

        var output = model.forward(torch.randn(2, 3, 32, 32));

        Assert.Equal([1L, Classes, Embed], output.TextEmbeddingsInitial.shape);
        Assert.Throws<InvalidOperationException>(() => model.PreModelContext(output.VisualContext));
        Assert.True(model.ClassEmbeddings().allclose(output.TextEmbeddingsInitial, 0, 1e-6));
    }
}
