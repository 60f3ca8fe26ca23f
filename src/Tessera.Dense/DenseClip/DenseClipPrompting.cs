namespace Tessera.Dense.DenseClip;

/// <summary>
/// Where DenseCLIP's vision-to-language prompting acts (Rao et al., CVPR 2022, §3.3 "context-aware prompting").
/// </summary>
public enum DenseClipPrompting
{
    /// <summary>Post-model (upstream's released code and the paper's choice): the class embeddings come from the text
    /// encoder with learnable context vectors (CoOp-style), then the <see cref="ContextDecoder"/> updates them from the
    /// visual context, added with the learnable scale γ.</summary>
    Post,

    /// <summary>Pre-model (the paper's alternative; not in upstream's code): a transformer decoder turns learnable queries
    /// into context vectors by attending to the visual context, and those per-image vectors replace the learnable
    /// context at the text encoder's input; the encoder's output is used as is (no γ update).</summary>
    Pre,

    /// <summary>Both: the pre-model context vectors at the text encoder's input, then the post-model update with γ (a
    /// combination the paper does not report).</summary>
    Both,
}
