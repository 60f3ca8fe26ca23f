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
/// Reference: openai/CLIP <c>clip/model.py</c> at d05afc43. <see cref="EncodeImage"/>, <see cref="EncodeText"/> and
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

    /// <summary><c>encode_text</c>: token ids <c>[B, context_length]</c> → features <c>[B, embed_dim]</c> (not normalised).</summary>
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
        Guard.That(ids.numel() == 0 || (ids.min().item<long>() >= 0 && ids.max().item<long>() < Config.VocabSize), nameof(tokens),
            $"ids must lie in [0, {Config.VocabSize})");
        var x = token_embedding.forward(ids) + positional_embedding;
        x = transformer.forward(x);
        x = ln_final.forward(x);
        var eot = ids.argmax(-1).reshape(-1, 1, 1).expand(-1, 1, x.shape[2]);
        var pooled = x.gather(1, eot).squeeze(1);
        return pooled.matmul(text_projection).MoveToOuterDisposeScope();
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
