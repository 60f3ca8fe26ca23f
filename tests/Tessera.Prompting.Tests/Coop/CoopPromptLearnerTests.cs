using Tessera.Core.Errors;
using Tessera.Nn.Models.Clip;
using Tessera.Nn.Models.Clip.Tokenizer;
using Tessera.Prompting.Coop;
using Tessera.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Prompting.Tests.Coop;

public sealed class CoopPromptLearnerTests
{
    private static readonly Lazy<ClipTokenizer> Tokenizer = new(() => ClipTokenizer.FromFile(SharedFixtures.Get("models", "clip_tokenizer", "bpe_simple_vocab_16e6.txt.gz")));

    private static ClipModel Clip(long seed)
    {
        var clip = new ClipModel(ClipConfig.Tiny);
        clip.InitializeParameters(seed);
        clip.eval();
        return clip;
    }

    private static readonly string[] Names = ["dog", "sea_lion", "hot air balloon", "x", "traffic light", "axolotl", "zebra"];

    [Theory]
    [InlineData(ClassTokenPosition.End, false, 3, 2)]
    [InlineData(ClassTokenPosition.Middle, true, 6, 7)]
    [InlineData(ClassTokenPosition.Front, false, 5, 4)]
    [InlineData(ClassTokenPosition.Middle, false, 1, 3)]
    public void BuildPrompts_OtherLengthsAndClassCounts_ContextAtTheRightPlaces(ClassTokenPosition position, bool csc, int nCtx, int classes)
    {
        using var clip = Clip(seed: nCtx);
        var names = Names.Take(classes).ToList();
        using var learner = CoopPromptLearner.Create(clip, Tokenizer.Value, names, new CoopOptions { ContextLength = nCtx, ClassSpecific = csc, Position = position }, seed: classes);
        using var prompts = learner.BuildPrompts();
        using var plain = clip.EmbedTokens(learner.TokenizedPrompts);

        Assert.Equal(new long[] { classes, 77, 32 }, prompts.shape);
        Assert.Equal(csc ? new long[] { classes, nCtx, 32 } : [nCtx, 32], learner.Context.shape);
        for (var i = 0; i < classes; i++)
        {
            var len = learner.NameLengths[i];
            var ctx = csc ? learner.Context[i] : learner.Context;
            var row = prompts[i];
            var half = nCtx / 2;
            var (ctxAt, classAt) = position switch
            {
                ClassTokenPosition.End => (new[] { (1, nCtx, 0) }, 1 + nCtx),
                ClassTokenPosition.Front => (new[] { (1 + len, nCtx, 0) }, 1),
                _ => (new[] { (1, half, 0), (1 + half + len, nCtx - half, half) }, 1 + half),
            };
            foreach (var (at, count, from) in ctxAt)
            {
                if (count > 0) { Assert.True(TensorAssert.Same(row.narrow(0, at, count), ctx.narrow(0, from, count)), $"class {i}"); }
            }
            Assert.True(TensorAssert.Same(row.narrow(0, classAt, len), plain[i].narrow(0, 1 + nCtx, len)), $"class tokens of {i}");
            var eot = (int)learner.EndOfTextIndex[i].item<long>();
            Assert.True(TensorAssert.Same(row.narrow(0, eot, 77 - eot), plain[i].narrow(0, eot, 77 - eot)), $"tail of {i}");
            Assert.True(TensorAssert.Same(row[0], plain[i][0]));
        }
    }

    [Fact]
    public void Train_OnlyContextGetsGradient()
    {
        using var clip = Clip(seed: 1);
        using var model = new CoopClassifier(clip, CoopPromptLearner.Create(clip, Tokenizer.Value, Names.Take(3).ToList(), new CoopOptions { ContextLength = 4 }));
        using var images = torch.randn(2, 3, 32, 32, generator: new Generator(2));

        using var loss = nn.functional.cross_entropy(model.forward(images), torch.tensor(new long[] { 0, 2 }));
        loss.backward();

        Assert.Equal(["prompt_learner.ctx"], model.named_parameters().Select(p => p.name));
        Assert.NotNull(model.PromptLearner.Context.grad);
        Assert.All(clip.parameters(), p => Assert.Null(p.grad));
    }

    [Fact]
    public void PhraseInit_ContextIsThePhraseEmbedding_AndIgnoresCsc()
    {
        using var clip = Clip(seed: 3);
        using var learner = CoopPromptLearner.Create(clip, Tokenizer.Value, Names.Take(2).ToList(),
            new CoopOptions { ContextInit = "a_picture of", ContextLength = 9, ClassSpecific = true });
        using var ids = torch.tensor(Tokenizer.Value.Encode("a picture of").Select(i => (long)i).ToArray()).unsqueeze(0);
        using var expected = clip.EmbedTokens(ids)[0];

        Assert.Equal(3, learner.Options.ContextLength);
        Assert.False(learner.Options.ClassSpecific);
        Assert.True(TensorAssert.Same(learner.Context, expected));
        Assert.StartsWith("a picture of dog.", learner.PromptTexts[0], StringComparison.Ordinal);
    }

    [Fact]
    public void RandomInit_StdNearPointZeroTwo()
    {
        using var clip = Clip(seed: 4);
        using var learner = CoopPromptLearner.Create(clip, Tokenizer.Value, Names, new CoopOptions { ContextLength = 16, ClassSpecific = true }, seed: 5);
        var std = learner.Context.std().item<float>();
        Assert.InRange(std, 0.018, 0.022);
    }

    [Fact]
    public void Create_NoClasses_Throws()
    {
        using var clip = Clip(seed: 1);
        Assert.Throws<TesseraArgumentException>(() => CoopPromptLearner.Create(clip, Tokenizer.Value, []));
    }
}
