using Tessera.Core.Errors;
using Tessera.Nn.Runtime;
using Tessera.Nn.Weights;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tessera.Nn.Models.Clip;

/// <summary>
/// OpenAI CLIP with a ViT image tower. Field names are the checkpoint keys of <c>clip.model.CLIP</c>
/// (<c>visual.*</c>, <c>transformer.resblocks.N.*</c>, <c>token_embedding</c>, <c>positional_embedding</c>,
/// <c>ln_final</c>, <c>text_projection</c>, <c>logit_scale</c>), so a released state dict loads without renaming.
/// </summary>
/// <remarks>
/// Reference: openai/CLIP <c>clip/model.py</c> at d05afc43. The text tower also runs from token embeddings
/// (<see cref="EmbedTokens"/>, <see cref="EncodeTextEmbeddings"/>, <see cref="ForwardText"/>) for prompt learners such as
/// CoOp; the image tower's stages are on <see cref="Visual"/>. <see cref="EncodeImage"/>, <see cref="EncodeText"/> and
/// <see cref="forward"/> each run in their own dispose scope; results are the caller's. Set <c>eval()</c> and
/// <c>torch.no_grad()</c> in the caller for inference. Parameters are created with CLIP's initialisation scheme
/// from the global torch generator; call <see cref="InitializeParameters"/> for a seeded model or load weights.
/// </remarks>
public sealed class ClipModel : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly ClipVisionTransformer visual;
    private readonly ClipTransformer transformer;
    private readonly Embedding token_embedding;
    private readonly Parameter positional_embedding;
    private readonly LayerNorm ln_final;
    private readonly Parameter text_projection;
    private readonly Parameter logit_scale;

    /// <summary>Creates the model.</summary>
    /// <param name="config">Sizes (validated).</param>
    /// <exception cref="TesseraArgumentException">The configuration is inconsistent.</exception>
    public ClipModel(ClipConfig config) : base(ModuleBase.Name(nameof(ClipModel)))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        visual = new ClipVisionTransformer(config);
        transformer = new ClipTransformer(config.TransformerWidth, config.TransformerLayers, config.TransformerHeads, causal: true);
        token_embedding = nn.Embedding(config.VocabSize, config.TransformerWidth);
        positional_embedding = new Parameter(torch.empty(config.ContextLength, config.TransformerWidth));
        ln_final = nn.LayerNorm(config.TransformerWidth, 1e-5);
        text_projection = new Parameter(torch.empty(config.TransformerWidth, config.EmbedDim));
        logit_scale = new Parameter(torch.full(1, Math.Log(1 / 0.07), ScalarType.Float32).squeeze());
        RegisterComponents();
    }

    /// <summary>The configuration.</summary>
    public ClipConfig Config { get; }

    /// <summary>The image tower.</summary>
    public ClipVisionTransformer Visual => visual;

    /// <summary>Creates a model and loads OpenAI-, Hugging-Face- or TorchScript-stored weights into it.</summary>
    /// <param name="weights">State dict in any supported CLIP layout (converted by <see cref="ClipCheckpoint.ToOpenAi"/>).</param>
    /// <param name="config">Sizes; inferred from the weights like <c>build_model</c> when null.</param>
    /// <returns>The model in eval mode.</returns>
    /// <exception cref="IncompatibleWeightsException">The weights do not match the configuration.</exception>
    public static ClipModel FromWeights(StateDict weights, ClipConfig? config = null) => FromWeights(weights, config, null, null);

    /// <summary>
    /// Builds a model from a checkpoint whose head counts do not follow CLIP's <c>width // 64</c> rule (tiny or custom
    /// models): the sizes are inferred from the tensors, the head counts are the ones given.
    /// </summary>
    /// <param name="weights">OpenAI, open_clip or Hugging Face names.</param>
    /// <param name="transformerHeads">Text-tower heads (null: width / 64, which must then be whole).</param>
    /// <param name="visionHeads">Image-tower heads (null: width / 64, which must then be whole).</param>
    /// <returns>The model, in eval mode.</returns>
    /// <exception cref="TesseraArgumentException">A head count is needed but not given, or does not divide its width.</exception>
    public static ClipModel FromWeights(StateDict weights, int? transformerHeads, int? visionHeads) => FromWeights(weights, null, transformerHeads, visionHeads);

    private static ClipModel FromWeights(StateDict weights, ClipConfig? config, int? transformerHeads, int? visionHeads)
    {
        ArgumentNullException.ThrowIfNull(weights);
        using var openAi = ClipCheckpoint.ToOpenAi(weights);
        var model = new ClipModel(config ?? ClipConfig.FromStateDict(openAi, transformerHeads, visionHeads));
        try
        {
            StateDictLoader.Load(model, openAi, strict: true);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        model.eval();
        return model;
    }

    /// <summary><c>encode_image</c>: normalised images <c>[B, 3, R, R]</c> → features <c>[B, embed_dim]</c> (not normalised).</summary>
    /// <param name="images">Preprocessed images (see <see cref="ClipPreprocess"/>).</param>
    /// <returns>Image features.</returns>
    public Tensor EncodeImage(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        return visual.forward(images);
    }

    /// <summary><c>encode_text</c>: token ids <c>[B, context_length]</c> → features <c>[B, embed_dim]</c> (not normalised);
    /// <c>EncodeTextEmbeddings(EmbedTokens(ids), ids.argmax(-1))</c>.</summary>
    /// <param name="tokens">Token ids (int64 or int32), padded with 0; the end-of-text token must be the largest id.</param>
    /// <returns>Text features: the <c>ln_final</c> output at <c>argmax(tokens)</c>, projected.</returns>
    /// <exception cref="TesseraArgumentException">The tokens are not <c>[B, context_length]</c> or an id is outside the vocabulary.</exception>
    public Tensor EncodeText(Tensor tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        Guard.That(tokens.dim() == 2 && tokens.shape[1] == Config.ContextLength, nameof(tokens),
            $"must be [B, {Config.ContextLength}], got [{string.Join(", ", tokens.shape)}]");
        using var scope = torch.NewDisposeScope();
        var ids = tokens.to(ScalarType.Int64);
        var embeddings = EmbedIds(ids, nameof(tokens));
        return EncodeTextEmbeddings(embeddings, ids.argmax(-1)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Token embeddings <c>token_embedding(ids)</c> <c>[B, L, transformer_width]</c>, without the positional embedding:
    /// the input CoOp-style prompt learners edit (replace the context tokens by learned vectors) before
    /// <see cref="EncodeTextEmbeddings"/>.
    /// </summary>
    /// <param name="ids">Token ids <c>[B, L]</c> (int64 or int32), 1 ≤ L ≤ context_length.</param>
    /// <returns>Embeddings the caller owns.</returns>
    /// <exception cref="TesseraArgumentException">The ids are not <c>[B, L]</c> or an id is outside the vocabulary.</exception>
    public Tensor EmbedTokens(Tensor ids) => EmbedIds(ids, nameof(ids));

    private Tensor EmbedIds(Tensor ids, string paramName)
    {
        ArgumentNullException.ThrowIfNull(ids);
        Guard.That(ids.dim() == 2 && ids.shape[1] >= 1 && ids.shape[1] <= Config.ContextLength, paramName,
            $"must be [B, L] with 1 ≤ L ≤ {Config.ContextLength}, got [{string.Join(", ", ids.shape)}]");
        using var scope = torch.NewDisposeScope();
        var longIds = ids.to(ScalarType.Int64);
        Guard.That(longIds.numel() == 0 || (longIds.min().item<long>() >= 0 && longIds.max().item<long>() < Config.VocabSize), paramName,
            $"ids must lie in [0, {Config.VocabSize})");
        return token_embedding.forward(longIds).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The text tower from token embeddings (CoOp's <c>TextEncoder.forward(prompts, tokenized_prompts)</c>):
    /// <c>+ positional_embedding[:L]</c> → causal transformer → <c>ln_final</c> → the token at
    /// <paramref name="eotIndex"/> → <c>@ text_projection</c>.
    /// </summary>
    /// <param name="embeddings">Token embeddings <c>[B, L, transformer_width]</c>, 1 ≤ L ≤ context_length (shorter
    /// sequences use the first L rows of the positional embedding, like DenseCLIP's text encoder).</param>
    /// <param name="eotIndex">Position of the end-of-text token per sequence, <c>[B]</c> integer in [0, L)
    /// (for CLIP-tokenised ids: <c>ids.argmax(-1)</c>).</param>
    /// <returns>Text features <c>[B, embed_dim]</c> (not normalised).</returns>
    /// <exception cref="TesseraArgumentException">The embeddings or indices have the wrong shape, or an index is out of range.</exception>
    public Tensor EncodeTextEmbeddings(Tensor embeddings, Tensor eotIndex)
    {
        CheckText(embeddings, eotIndex);
        using var scope = torch.NewDisposeScope();
        var embedded = EmbedText(embeddings);
        var last = BackboneStages.RunBlocks(embedded, transformer.Layers, transformer.ForwardBlock);
        var normed = ln_final.forward(last);
        return PoolText(normed, eotIndex).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The text tower from token embeddings, keeping activations: <see cref="BackboneActivations.Embedded"/> = embeddings
    /// + positional embedding (input of block 0), <see cref="BackboneActivations.Blocks"/> = the requested blocks'
    /// outputs, <see cref="BackboneActivations.Tokens"/> = <c>ln_final</c> of every token, and
    /// <see cref="BackboneActivations.Pooled"/> = <see cref="EncodeTextEmbeddings"/>.
    /// </summary>
    /// <param name="embeddings">Token embeddings <c>[B, L, transformer_width]</c>, 1 ≤ L ≤ context_length.</param>
    /// <param name="eotIndex">Position of the end-of-text token per sequence, <c>[B]</c> integer in [0, L).</param>
    /// <param name="blocks">0-based indices of the text blocks whose outputs to keep (null or empty: none).</param>
    /// <returns>Activations the caller owns and disposes.</returns>
    /// <exception cref="TesseraArgumentException">The embeddings or indices have the wrong shape, or an index is out of range.</exception>
    public BackboneActivations ForwardText(Tensor embeddings, Tensor eotIndex, IReadOnlyCollection<int>? blocks = null)
    {
        CheckText(embeddings, eotIndex);
        return BackboneStages.Collect(() => EmbedText(embeddings), transformer.Layers, blocks, transformer.ForwardBlock,
            ln_final.forward, (_, normed) => PoolText(normed, eotIndex));
    }

    private void CheckText(Tensor embeddings, Tensor eotIndex)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(eotIndex);
        var width = Config.TransformerWidth;
        Guard.That(embeddings.dim() == 3 && embeddings.shape[1] >= 1 && embeddings.shape[1] <= Config.ContextLength && embeddings.shape[2] == width,
            nameof(embeddings), $"must be [B, L, {width}] with 1 ≤ L ≤ {Config.ContextLength}, got [{string.Join(", ", embeddings.shape)}]");
        Guard.That(eotIndex.dim() == 1 && eotIndex.shape[0] == embeddings.shape[0] && !eotIndex.is_floating_point() && !eotIndex.is_complex(),
            nameof(eotIndex), $"must be an integer tensor [{embeddings.shape[0]}], got {eotIndex.dtype} [{string.Join(", ", eotIndex.shape)}]");
        var length = embeddings.shape[1];
        if (eotIndex.numel() > 0)
        {
            using var min = eotIndex.min();
            using var max = eotIndex.max();
            Guard.That(min.item<long>() >= 0 && max.item<long>() < length, nameof(eotIndex), $"indices must lie in [0, {length})");
        }
    }

    /// <summary><c>embeddings + positional_embedding[:L]</c> (inside the caller's dispose scope).</summary>
    private Tensor EmbedText(Tensor embeddings)
    {
        var length = embeddings.shape[1];
        return length == Config.ContextLength
            ? embeddings + positional_embedding
            : embeddings + positional_embedding.narrow(0, 0, length);
    }

    /// <summary>The normalised token at each sequence's end-of-text position, projected (inside the caller's scope).</summary>
    private Tensor PoolText(Tensor normed, Tensor eotIndex)
    {
        var index = eotIndex.to(ScalarType.Int64).reshape(-1, 1, 1).expand(-1, 1, normed.shape[2]);
        var pooled = normed.gather(1, index).squeeze(1);
        return pooled.matmul(text_projection);
    }

    /// <summary>Both logit matrices from already encoded features.</summary>
    /// <param name="imageFeatures">Image features <c>[I, D]</c>.</param>
    /// <param name="textFeatures">Text features <c>[T, D]</c>.</param>
    /// <returns><c>logits_per_image</c> <c>[I, T]</c> = exp(logit_scale) · normalize(img) · normalize(txt)ᵀ.</returns>
    public Tensor Logits(Tensor imageFeatures, Tensor textFeatures)
    {
        ArgumentNullException.ThrowIfNull(imageFeatures);
        ArgumentNullException.ThrowIfNull(textFeatures);
        using var scope = torch.NewDisposeScope();
        var img = imageFeatures / imageFeatures.norm(1, keepdim: true);
        var txt = textFeatures / textFeatures.norm(1, keepdim: true);
        return (logit_scale.exp() * img.matmul(txt.t())).MoveToOuterDisposeScope();
    }

    /// <summary><c>CLIP.forward</c>: <c>logits_per_image</c> <c>[I, T]</c> (its transpose is <c>logits_per_text</c>).</summary>
    /// <param name="input1">Images <c>[I, 3, R, R]</c>.</param>
    /// <param name="input2">Tokens <c>[T, context_length]</c>.</param>
    /// <returns>Scaled cosine similarities.</returns>
    public override Tensor forward(Tensor input1, Tensor input2)
    {
        using var img = EncodeImage(input1);
        using var txt = EncodeText(input2);
        return Logits(img, txt);
    }

    private static void Normal(Tensor p, Generator gen, double std)
    {
        using var draw = torch.randn(p.shape, ScalarType.Float32, generator: gen);
        using var scaled = draw * std;
        p.copy_(scaled);
    }

    /// <summary>Re-initialises every parameter from a seeded generator, following CLIP's
    /// <c>initialize_parameters</c> (normal std 0.02/0.01/width^-0.5 schemes; LayerNorms 1/0; biases 0). Used for
    /// random-weight smoke runs.</summary>
    /// <param name="seed">Generator seed.</param>
    public void InitializeParameters(long seed)
    {
        using var gen = new Generator((ulong)seed);
        using var noGrad = torch.no_grad();
        var tw = Config.TransformerWidth;
        var projStd = Math.Pow(tw, -0.5) * Math.Pow(2 * Config.TransformerLayers, -0.5);
        foreach (var (name, p) in named_parameters())
        {
            if (name.EndsWith("bias", StringComparison.Ordinal)) { p.zero_(); }
            else if (name.Contains("ln_", StringComparison.Ordinal)) { p.fill_(1f); }
            else if (name == "logit_scale") { p.fill_(Math.Log(1 / 0.07)); }
            else if (name == "token_embedding.weight") { Normal(p, gen, 0.02); }
            else if (name == "positional_embedding") { Normal(p, gen, 0.01); }
            else if (name == "text_projection") { Normal(p, gen, Math.Pow(tw, -0.5)); }
            else if (name.StartsWith("visual.", StringComparison.Ordinal))
            {
                Normal(p, gen, Math.Pow(Config.VisionWidth, -0.5));
            }
            else if (name.EndsWith("in_proj_weight", StringComparison.Ordinal)) { Normal(p, gen, Math.Pow(tw, -0.5)); }
            else if (name.EndsWith("out_proj.weight", StringComparison.Ordinal) || name.EndsWith("c_proj.weight", StringComparison.Ordinal))
            {
                Normal(p, gen, projStd);
            }
            else { Normal(p, gen, Math.Pow(2 * tw, -0.5)); }
        }
    }
}
