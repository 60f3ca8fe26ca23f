using Tessera.Core.Errors;
using Tessera.Nn.Models.Clip;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Nn.Tests.Models.Clip;

/// <summary>
/// The CLIP text tower from token embeddings: CoOp's <c>TextEncoder.forward(prompts, tokenized_prompts)</c>
/// (KaiyangZhou/CoOp) is <c>EncodeTextEmbeddings(prompts, tokenized.argmax(-1))</c>.
/// </summary>
public sealed class ClipTextEmbeddingsTests
{
    private const int Context = 4;

    /// <summary>Two prompts "X X X X a photo." / "X X X X cat." tokenised like CLIP (SOT, ids, EOT = largest id, zeros).</summary>
    private static Tensor PromptIds()
    {
        var ids = new long[2 * 77];
        long[][] rows = [[49406, 343, 343, 343, 343, 320, 1125, 269, 49407], [49406, 343, 343, 343, 343, 2368, 269, 49407]];
        for (var r = 0; r < 2; r++) { rows[r].CopyTo(ids, r * 77); }
        return torch.tensor(ids, [2, 77]);
    }

    private static ClipModel TinyClip()
    {
        var model = new ClipModel(ClipConfig.Toy);
        model.InitializeParameters(11);
        model.eval();
        return model;
    }

    [Fact]
    public void EncodeTextEmbeddings_OfEmbedTokens_AtArgmax_EqualsEncodeTextExactly()
    {
        using var model = TinyClip();
        using var noGrad = torch.no_grad();
        using var ids = PromptIds();

        using var embeddings = model.EmbedTokens(ids);
        using var eot = ids.argmax(-1);
        using var fromEmbeddings = model.EncodeTextEmbeddings(embeddings, eot);
        using var fromIds = model.EncodeText(ids);
        using var int32Ids = ids.to(ScalarType.Int32);
        using var fromInt32 = model.EncodeText(int32Ids);

        Assert.Equal([2L, 77L, 32L], embeddings.shape);
        Assert.Equal([2L, 32L], fromIds.shape);
        Assert.True(fromEmbeddings.eq(fromIds).all().item<bool>());
        Assert.True(fromInt32.eq(fromIds).all().item<bool>());
    }

    [Fact]
    public void CoOpPrompt_LearnedContextVectors_ReplaceTokens_GradientsReachThemOnly()
    {
        using var model = TinyClip();
        foreach (var p in model.parameters()) { p.requires_grad = false; }
        using var ids = PromptIds();
        using var eot = ids.argmax(-1);
        using var embeddings = model.EmbedTokens(ids);
        // CoOp: prefix = SOT embedding, ctx = learned [n_ctx, width] (shared by the classes), suffix = class tokens, EOT, padding
        using var prefix = embeddings.narrow(1, 0, 1);
        using var suffix = embeddings.narrow(1, 1 + Context, 77 - 1 - Context);
        using var ctx = torch.randn(Context, 32).mul(0.02).requires_grad_(true);
        using var ctxBatch = ctx.unsqueeze(0).expand(2, -1, -1);
        using var prompts = torch.cat([prefix, ctxBatch, suffix], 1);

        using var features = model.EncodeTextEmbeddings(prompts, eot);
        using var loss = features.square().sum();
        loss.backward();

        Assert.Equal([2L, 32L], features.shape);
        using var plain = model.EncodeText(ids);
        Assert.False(features.eq(plain).all().item<bool>());
        Assert.NotNull(ctx.grad);
        for (var i = 0; i < Context; i++) { Assert.True(ctx.grad![i].abs().sum().item<float>() > 0, $"no gradient for context vector {i}"); }
        Assert.All(model.parameters(), p => Assert.Null(p.grad));

        // Putting the original token embeddings back as the "learned" vectors gives encode_text again.
        using var noGrad = torch.no_grad();
        using var original = embeddings.narrow(1, 1, Context);
        using var restored = torch.cat([prefix, original, suffix], 1);
        using var again = model.EncodeTextEmbeddings(restored, eot);
        Assert.True(again.eq(plain).all().item<bool>());
    }

    [Fact]
    public void ForwardText_ActivationsMatchEncodeTextEmbeddingsAndStages()
    {
        using var model = TinyClip();
        using var noGrad = torch.no_grad();
        using var ids = PromptIds();
        using var eot = ids.argmax(-1);
        using var embeddings = model.EmbedTokens(ids);
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);

        using var activations = model.ForwardText(embeddings, eot, [0, 1]);
        using var encoded = model.EncodeTextEmbeddings(embeddings, eot);
        using var withPositions = embeddings + parameters["positional_embedding"];
        using var index = eot.reshape(-1, 1, 1).expand(-1, 1, 32);
        using var gathered = activations.Tokens.gather(1, index).squeeze(1);
        using var projected = gathered.matmul(parameters["text_projection"]);

        Assert.Equal([0, 1], activations.Blocks.Keys);
        Assert.All(activations.Blocks.Values, b => Assert.Equal([2L, 77L, 32L], b.shape));
        Assert.True(activations.Embedded.eq(withPositions).all().item<bool>());
        Assert.True(activations.Pooled.eq(encoded).all().item<bool>());
        Assert.True(activations.Pooled.eq(projected).all().item<bool>());
        Assert.False(activations.Blocks[0].eq(activations.Blocks[1]).all().item<bool>());
    }

    [Fact]
    public void EncodeTextEmbeddings_ShorterSequence_UsesFirstPositions_CausalSoSameAsFullLength()
    {
        // DenseCLIP's text encoder runs CLIP's text tower on N < 77 tokens with positional_embedding[:N].
        using var model = TinyClip();
        using var noGrad = torch.no_grad();
        using var ids = PromptIds();
        using var eot = ids.argmax(-1);
        using var embeddings = model.EmbedTokens(ids);
        using var shortEmbeddings = embeddings.narrow(1, 0, 12);
        using var shortIds = ids.narrow(1, 0, 12);
        using var shortEmbedded = model.EmbedTokens(shortIds);

        using var full = model.EncodeTextEmbeddings(embeddings, eot);
        using var shortened = model.EncodeTextEmbeddings(shortEmbeddings, eot);

        Assert.Equal([2L, 12L, 32L], shortEmbedded.shape);
        Assert.True(shortened.allclose(full, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void BadEmbeddingsOrIndices_ThrowNamingArgument()
    {
        using var model = TinyClip();
        using var noGrad = torch.no_grad();
        using var ids = PromptIds();
        using var eot = ids.argmax(-1);
        using var embeddings = model.EmbedTokens(ids);
        using var wrongWidth = torch.zeros(2, 77, 31);
        using var tooLong = torch.zeros(2, 78, 32);
        using var floatEot = eot.to(ScalarType.Float32);
        using var outOfRange = torch.tensor(new long[] { 8, 77 });
        using var wrongCount = torch.tensor(new long[] { 8 });
        using var badIds = torch.tensor(new long[] { 49406, 49408 }, [1, 2]);

        Assert.Equal("embeddings", Assert.Throws<TesseraArgumentException>(() => model.EncodeTextEmbeddings(wrongWidth, eot)).ParamName);
        Assert.Equal("embeddings", Assert.Throws<TesseraArgumentException>(() => model.EncodeTextEmbeddings(tooLong, eot)).ParamName);
        Assert.Equal("eotIndex", Assert.Throws<TesseraArgumentException>(() => model.EncodeTextEmbeddings(embeddings, floatEot)).ParamName);
        Assert.Equal("eotIndex", Assert.Throws<TesseraArgumentException>(() => model.EncodeTextEmbeddings(embeddings, outOfRange)).ParamName);
        Assert.Equal("eotIndex", Assert.Throws<TesseraArgumentException>(() => model.ForwardText(embeddings, wrongCount)).ParamName);
        Assert.Equal("blocks", Assert.Throws<TesseraArgumentException>(() => model.ForwardText(embeddings, eot, [3])).ParamName);
        Assert.Equal("ids", Assert.Throws<TesseraArgumentException>(() => model.EmbedTokens(badIds)).ParamName);
        Assert.Equal("tokens", Assert.Throws<TesseraArgumentException>(() => model.EncodeText(badIds)).ParamName);
    }
}
