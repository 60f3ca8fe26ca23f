using Tessera.Core.Errors;
using Tessera.Nn.Weights;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tessera.Dense.DenseClip;

/// <summary>
/// The DenseCLIP segmentor core (Rao et al., CVPR 2022; raoyongming/DenseCLIP <c>DenseCLIP</c> up to
/// <c>after_extract_feat</c>): a CLIP image backbone with language-compatible dense features, class embeddings from the
/// context-prompted text encoder (learnable <c>contexts</c>, CoOp-style), the post-model <see cref="ContextDecoder"/>
/// whose update is added with the learnable scale <c>gamma</c>, pixel–text score maps and the score maps concatenated
/// to one backbone map for any segmentation head (<see cref="DenseClipFpnHead"/>).
/// </summary>
/// <remarks>
/// <para>State-dict keys are upstream's <c>DenseCLIP.state_dict()</c> names without neck and decode head:
/// <c>contexts</c>, <c>gamma</c>, <c>backbone.*</c>, <c>text_encoder.*</c>, <c>context_decoder.*</c>.</para>
/// <para>With pre-model prompting (<see cref="DenseClipConfig.Prompting"/>; the paper's §3.3 alternative, which
/// upstream's code does not ship) the learnable <c>contexts</c> are replaced by <c>pre_queries</c> <c>[1, N2, width]</c>
/// and a <c>pre_decoder</c> (a <see cref="ContextDecoder"/> from query tokens of the text width to tokens of the text
/// width, attending to the visual context): its output per image is the context of the text encoder, which then runs
/// once per image. <c>gamma</c> and <c>context_decoder</c> exist only with post-model prompting.</para>
/// </remarks>
public sealed class DenseClipModel : nn.Module<Tensor, DenseClipOutput>
{
#pragma warning disable IDE1006 // PyTorch state-dict names
    private readonly Parameter? contexts;
    private readonly Parameter? gamma;
    private readonly nn.Module<Tensor, DenseClipFeatures> backbone;
    private readonly ClipTextContextEncoder text_encoder;
    private readonly ContextDecoder? context_decoder;
    private readonly Parameter? pre_queries;
    private readonly ContextDecoder? pre_decoder;
#pragma warning restore IDE1006
    private readonly long[] _classTokens;
    private readonly int _classes;

    /// <summary>Creates the segmentor core.</summary>
    /// <param name="config">Sizes (validated).</param>
    /// <param name="backboneModule">Image backbone (<see cref="ClipResNetWithAttention"/> or
    /// <see cref="DenseClipVisionTransformer"/>); owned by this model.</param>
    /// <param name="classTokens">Class-name token ids <c>[K, N1]</c> (CLIP tokenizer with context length N1), row-major.</param>
    /// <param name="classes">K.</param>
    /// <exception cref="TesseraArgumentException">Sizes are inconsistent.</exception>
    public DenseClipModel(DenseClipConfig config, nn.Module<Tensor, DenseClipFeatures> backboneModule, IReadOnlyList<long> classTokens, int classes)
        : base(DenseModuleBase.Name(nameof(DenseClipModel)))
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(backboneModule);
        ArgumentNullException.ThrowIfNull(classTokens);
        config.Validate();
        Guard.Positive(classes);
        Guard.That(classTokens.Count == classes * config.ClassContextLength, nameof(classTokens), $"must hold {classes} × {config.ClassContextLength} ids, got {classTokens.Count}");
        Config = config;
        _classTokens = [.. classTokens];
        _classes = classes;
        var contextInit = torch.empty(1, config.LearnableContext, config.TextWidth);
        TruncatedNormal.Fill(contextInit);
        if (config.UsesPreModelPrompting)
        {
            // The queries start as the learnable context would; the decoder turns them into per-image context vectors.
            pre_queries = new Parameter(contextInit);
            pre_decoder = new ContextDecoder(config.DecoderWidth, config.DecoderHeads, config.DecoderLayers, config.EmbedDim, config.Dropout, tokenDim: config.TextWidth);
        }
        else
        {
            contexts = new Parameter(contextInit);
        }
        if (config.UsesPostModelPrompting)
        {
            gamma = new Parameter(torch.full(config.EmbedDim, config.GammaInit));
            context_decoder = new ContextDecoder(config.DecoderWidth, config.DecoderHeads, config.DecoderLayers, config.EmbedDim, config.Dropout);
        }
        backbone = backboneModule;
        text_encoder = new ClipTextContextEncoder(config.TextContextLength, config.VocabSize, config.TextWidth, config.TextHeads, config.TextLayers, config.EmbedDim);
        RegisterComponents();
    }

    /// <summary>The configuration.</summary>
    public DenseClipConfig Config { get; }

    /// <summary>Number of classes K.</summary>
    public int Classes => _classes;

    /// <summary>The image backbone.</summary>
    public nn.Module<Tensor, DenseClipFeatures> Backbone => backbone;

    /// <summary>The context-prompted text encoder.</summary>
    public ClipTextContextEncoder TextEncoder => text_encoder;

    /// <summary>The post-model context decoder, or null without post-model prompting.</summary>
    public ContextDecoder? ContextDecoder => context_decoder;

    /// <summary>The pre-model prompting decoder (learnable queries → context vectors), or null without pre-model prompting.</summary>
    public ContextDecoder? PreModelDecoder => pre_decoder;

    /// <summary>Loads weights: the tensors copied from a CLIP checkpoint (<see cref="DenseClipWeights.FromClip"/>) then
    /// the segmentor's own tensors (which win on a shared key); every model key must be covered.</summary>
    /// <param name="segmentorWeights">DenseCLIP tensors (<c>contexts</c>, <c>gamma</c>, <c>context_decoder.*</c>, <c>backbone.*</c>…).</param>
    /// <param name="clipWeights">CLIP tensors in OpenAI names, or null when the segmentor weights are complete.</param>
    /// <param name="copyVisual">Copy <c>visual.*</c> to <c>backbone.*</c> (a backbone of the same kind as the CLIP's tower).</param>
    /// <param name="attnPoolGrid">For a ResNet backbone: its attention-pool grid (input resolution / 32).</param>
    /// <returns>The load report.</returns>
    /// <exception cref="IncompatibleWeightsException">A key is missing, unexpected or mis-shaped.</exception>
    public LoadReport LoadWeights(StateDict segmentorWeights, StateDict? clipWeights, bool copyVisual, int? attnPoolGrid = null)
    {
        ArgumentNullException.ThrowIfNull(segmentorWeights);
        using var merged = clipWeights is null ? new StateDict() : DenseClipWeights.FromClip(clipWeights, Config.TextContextLength, copyVisual, attnPoolGrid);
        foreach (var key in segmentorWeights.Keys)
        {
            merged.Remove(key);
            merged.Add(key, segmentorWeights[key].alias());
        }
        return StateDictLoader.Load(this, merged, strict: true);
    }

    /// <summary>Class embeddings from the text encoder and the learnable context, before the visual update.</summary>
    /// <returns><c>[1, K, E]</c>.</returns>
    /// <exception cref="InvalidOperationException">The model uses pre-model prompting, whose context depends on the
    /// image (use <see cref="ClassEmbeddings(Tensor)"/>).</exception>
    public Tensor ClassEmbeddings()
    {
        if (contexts is null)
        {
            throw new InvalidOperationException("with pre-model prompting the class embeddings depend on the image: pass its visual context");
        }
        using var scope = torch.NewDisposeScope();
        return text_encoder.forward(ClassTokens(), contexts).MoveToOuterDisposeScope();
    }

    /// <summary>Class embeddings before the post-model update for a batch of visual contexts: with pre-model prompting
    /// the text encoder runs on each image's <see cref="PreModelContext"/>; otherwise on the learnable context (the same
    /// for every image).</summary>
    /// <param name="visualContext">Global and dense embeddings as tokens <c>[B, N, E]</c>.</param>
    /// <returns><c>[B, K, E]</c> with pre-model prompting, else <c>[1, K, E]</c>.</returns>
    public Tensor ClassEmbeddings(Tensor visualContext)
    {
        ArgumentNullException.ThrowIfNull(visualContext);
        if (pre_queries is null) { return ClassEmbeddings(); }
        using var scope = torch.NewDisposeScope();
        return text_encoder.forward(ClassTokens(), PreModelContext(visualContext)).MoveToOuterDisposeScope();
    }

    /// <summary>Pre-model prompting: the learnable queries attend to the visual context through the pre-model decoder,
    /// giving the text encoder's context vectors per image (the paper's <c>v_pre = TransDecoder(q, [z̄, z])</c>).</summary>
    /// <param name="visualContext">Global and dense embeddings as tokens <c>[B, N, E]</c>.</param>
    /// <returns><c>[B, N2, text width]</c>.</returns>
    /// <exception cref="InvalidOperationException">The model does not use pre-model prompting.</exception>
    /// <exception cref="TesseraArgumentException">The visual context is not <c>[B, N, E]</c>.</exception>
    public Tensor PreModelContext(Tensor visualContext)
    {
        ArgumentNullException.ThrowIfNull(visualContext);
        if (pre_queries is null || pre_decoder is null) { throw new InvalidOperationException("this model uses post-model prompting only (no pre-model queries)"); }
        Guard.That(visualContext.dim() == 3 && visualContext.shape[2] == Config.EmbedDim, nameof(visualContext),
            $"must be [B, N, {Config.EmbedDim}], got [{string.Join(", ", visualContext.shape)}]");
        using var scope = torch.NewDisposeScope();
        var queries = pre_queries.expand(visualContext.shape[0], -1, -1);
        return pre_decoder.forward(queries, visualContext).MoveToOuterDisposeScope();
    }

    private Tensor ClassTokens() => torch.tensor(_classTokens, [_classes, Config.ClassContextLength]);

    /// <summary>Backbone, then <see cref="AfterExtractFeatures"/>.</summary>
    /// <param name="input">Images normalised with CLIP's mean/std <c>[B, 3, H, W]</c>.</param>
    /// <returns>Score maps, updated text embeddings and the head's input maps (caller-owned).</returns>
    public override DenseClipOutput forward(Tensor input)
    {
        using var features = backbone.forward(input);
        return AfterExtractFeatures(features);
    }

    /// <summary>Upstream <c>after_extract_feat</c>: visual context, class embeddings (with pre-model prompting from the
    /// image's context vectors), context-decoder update of the class embeddings (<c>text + γ · diff</c>, post-model
    /// prompting only), score maps <c>einsum(‖dense‖, ‖text‖)</c> and the score maps concatenated to map
    /// <see cref="DenseClipConfig.ScoreConcatIndex"/>.</summary>
    /// <param name="features">Backbone outputs (not disposed here).</param>
    /// <returns>The results (caller-owned).</returns>
    public DenseClipOutput AfterExtractFeatures(DenseClipFeatures features)
    {
        ArgumentNullException.ThrowIfNull(features);
        using var scope = torch.NewDisposeScope();
        var dense = features.Dense;
        var b = dense.shape[0];
        var c = dense.shape[1];
        var h = dense.shape[2];
        var w = dense.shape[3];
        var visualContext = torch.cat([features.Global.reshape(b, c, 1), dense.reshape(b, c, h * w)], 2).permute(0, 2, 1).contiguous();
        var initial = ClassEmbeddings(visualContext);
        var text = initial.expand(b, -1, -1);
        Tensor diff, updated;
        if (context_decoder is not null && gamma is not null)
        {
            diff = context_decoder.forward(text, visualContext);
            updated = text + (gamma * diff);
        }
        else
        {
            diff = torch.zeros_like(text);
            updated = text.alias();
        }
        var scores = ScoreMaps(dense, updated);
        var maps = features.Maps.Select((m, i) => i == Config.ScoreConcatIndex ? torch.cat([m, scores], 1) : m.alias()).ToList();
        foreach (var m in maps) { m.MoveToOuterDisposeScope(); }
        return new DenseClipOutput(initial.MoveToOuterDisposeScope(), visualContext.MoveToOuterDisposeScope(), diff.MoveToOuterDisposeScope(),
            updated.MoveToOuterDisposeScope(), scores.MoveToOuterDisposeScope(), maps);
    }

    /// <summary>Pixel–text score maps: cosine similarity of every dense embedding with every class embedding.</summary>
    /// <param name="dense">Dense embeddings <c>[B, E, h, w]</c>.</param>
    /// <param name="text">Class embeddings <c>[B, K, E]</c>.</param>
    /// <returns><c>[B, K, h, w]</c>.</returns>
    public static Tensor ScoreMaps(Tensor dense, Tensor text)
    {
        ArgumentNullException.ThrowIfNull(dense);
        ArgumentNullException.ThrowIfNull(text);
        Guard.That(dense.dim() == 4 && text.dim() == 3 && dense.shape[0] == text.shape[0] && dense.shape[1] == text.shape[2], nameof(text),
            $"must be [B, K, E] for dense [B, E, h, w] (got [{string.Join(", ", text.shape)}] and [{string.Join(", ", dense.shape)}])");
        using var scope = torch.NewDisposeScope();
        var v = nn.functional.normalize(dense, p: 2, dim: 1);
        var t = nn.functional.normalize(text, p: 2, dim: 2);
        return torch.einsum("bchw,bkc->bkhw", v, t).MoveToOuterDisposeScope();
    }
}
