using Tessera.Core.Arrays;
using Tessera.Dense.ClipSeg;
using Tessera.Nn.Models.Clip.Tokenizer;
using Tessera.TestSupport;

namespace Tessera.Dense.Tests.ClipSeg;

public sealed class ClipSegTokensTests
{
    [Fact]
    public void FixedTemplate_OnFixtureWords_TokenizesToTheRecordedIds()
    {
        var tokenizer = ClipTokenizer.FromFile(SharedFixtures.Get("models", "clip_tokenizer", "bpe_simple_vocab_16e6.txt.gz"));
        var prompts = new[] { "astronaut", "cat" }.Select(w => ClipSegPrompts.Apply(ClipSegPrompts.Fixed[0], w)).ToList();
        var expected = Npy.Read(SharedFixtures.Get("models", "clipseg", "template_prompt_tokens.npy"));
        var actual = tokenizer.Tokenize(prompts);
        Assert.Equal(expected.Shape, actual.Shape);
        Assert.Equal(expected.ToDoubleArray(), actual.ToDoubleArray());
        var raw = tokenizer.Tokenize(["an astronaut", "a cat"]);
        Assert.Equal(Npy.Read(SharedFixtures.Get("models", "clipseg", "prompt_tokens.npy")).ToDoubleArray(), raw.ToDoubleArray());
    }
}
