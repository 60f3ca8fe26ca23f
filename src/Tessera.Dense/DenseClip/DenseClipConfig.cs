using Tessera.Core.Errors;

namespace Tessera.Dense.DenseClip;

/// <summary>
/// Hyper-parameters of the DenseCLIP segmentor core (raoyongming/DenseCLIP <c>DenseCLIP</c>): the context-prompted
/// text encoder, the learnable context, the context decoder and the score maps. Defaults are the RN50 ADE20K
/// configuration (<c>denseclip_fpn_res50_512x512_80k.py</c>) on CLIP RN50's text tower.
/// </summary>
public sealed record DenseClipConfig
{
    /// <summary>Token length N1 of the class names (DenseCLIP: 5).</summary>
    public int ClassContextLength { get; init; } = 5;

    /// <summary>Number N2 of learnable context vectors (the text encoder's context length minus N1; RN50 config: 8).</summary>
    public int LearnableContext { get; init; } = 8;

    /// <summary>Text tower width (= the width of the context vectors, <c>token_embed_dim</c>).</summary>
    public int TextWidth { get; init; } = 512;

    /// <summary>Text tower heads.</summary>
    public int TextHeads { get; init; } = 8;

    /// <summary>Text tower blocks.</summary>
    public int TextLayers { get; init; } = 12;

    /// <summary>Vocabulary size.</summary>
    public int VocabSize { get; init; } = 49408;

    /// <summary>CLIP's joint embedding size (<c>text_dim</c>; the size of γ, of the score-map features and of the
    /// context decoder's input).</summary>
    public int EmbedDim { get; init; } = 1024;

    /// <summary>Context decoder width.</summary>
    public int DecoderWidth { get; init; } = 256;

    /// <summary>Context decoder heads.</summary>
    public int DecoderHeads { get; init; } = 4;

    /// <summary>Context decoder layers.</summary>
    public int DecoderLayers { get; init; } = 3;

    /// <summary>Training-time dropout of the context decoder.</summary>
    public double Dropout { get; init; } = 0.1;

    /// <summary>Temperature τ of the score maps in the auxiliary loss (<c>score_map / τ</c>).</summary>
    public double Tau { get; init; } = 0.07;

    /// <summary>Index of the backbone map the score maps are concatenated to (RN: 3, ViT-B: 2).</summary>
    public int ScoreConcatIndex { get; init; } = 3;

    /// <summary>Initial value of every γ entry (upstream: 1e-4).</summary>
    public double GammaInit { get; init; } = 1e-4;

    /// <summary>Vision-to-language prompting: post-model (upstream), pre-model or both.</summary>
    public DenseClipPrompting Prompting { get; init; } = DenseClipPrompting.Post;

    /// <summary>Whether the learnable queries and their decoder turn the visual context into the text encoder's context
    /// vectors (<see cref="DenseClipPrompting.Pre"/> or <see cref="DenseClipPrompting.Both"/>).</summary>
    public bool UsesPreModelPrompting => Prompting is DenseClipPrompting.Pre or DenseClipPrompting.Both;

    /// <summary>Whether the context decoder updates the class embeddings with γ after the text encoder
    /// (<see cref="DenseClipPrompting.Post"/> or <see cref="DenseClipPrompting.Both"/>).</summary>
    public bool UsesPostModelPrompting => Prompting is DenseClipPrompting.Post or DenseClipPrompting.Both;

    /// <summary>The text encoder's full sequence length N1 + N2.</summary>
    public int TextContextLength => ClassContextLength + LearnableContext;

    /// <summary>Checks every size.</summary>
    /// <exception cref="TesseraArgumentException">Names the property and the rule.</exception>
    public void Validate()
    {
        Guard.That(ClassContextLength >= 2, nameof(ClassContextLength), "must hold at least the start and end tokens (≥ 2)");
        Guard.That(LearnableContext >= 0, nameof(LearnableContext), "must be ≥ 0");
        Guard.That(TextWidth > 0 && TextHeads > 0 && TextWidth % TextHeads == 0, nameof(TextHeads), $"must divide the text width {TextWidth}");
        Guard.That(TextLayers > 0, nameof(TextLayers), "must be positive");
        Guard.That(VocabSize > 0, nameof(VocabSize), "must be positive");
        Guard.That(EmbedDim > 0, nameof(EmbedDim), "must be positive");
        Guard.That(DecoderWidth > 0 && DecoderHeads > 0 && DecoderWidth % DecoderHeads == 0, nameof(DecoderHeads), $"must divide the decoder width {DecoderWidth}");
        Guard.That(DecoderLayers > 0, nameof(DecoderLayers), "must be positive");
        Guard.That(Dropout is >= 0 and < 1, nameof(Dropout), "must lie in [0, 1)");
        Guard.That(Tau > 0 && double.IsFinite(Tau), nameof(Tau), "must be positive");
        Guard.That(ScoreConcatIndex is >= 0 and < 4, nameof(ScoreConcatIndex), "must lie in [0, 4)");
        Guard.That(Enum.IsDefined(Prompting), nameof(Prompting), $"must be Post, Pre or Both (got {(int)Prompting})");
        Guard.That(!UsesPreModelPrompting || LearnableContext > 0, nameof(LearnableContext), "must be positive for pre-model prompting (it is the number of queries)");
    }
}
