namespace Tessera.Prompting.Vpt;

/// <summary>Where VPT's prompts enter the backbone (KMnP/vpt <c>MODEL.PROMPT.LOCATION</c>).</summary>
public enum VptLocation
{
    /// <summary><c>prepend</c> (the method of the paper): T tokens between the prefix (class) token and the patch tokens.</summary>
    Prepend,

    /// <summary><c>add</c>: one learned vector per token of the sequence (prefix + patches), added element-wise; the
    /// sequence keeps its length. <see cref="VptOptions.NumTokens"/> is ignored (it is the sequence length).</summary>
    Add,

    /// <summary><c>prepend-pixel</c>: a learned strip of T patches in pixel space, <c>[1, 3, p, p·T]</c>, turned into T
    /// tokens by the backbone's frozen patch embedding and inserted like <see cref="Prepend"/> (no position embedding).</summary>
    PrependPixel,

    /// <summary><c>below</c> (concat-channel): T learned image planes <c>[1, T, H, W]</c> concatenated to the input
    /// channels; their contribution to each patch token comes from a learned projection of the extra channels.</summary>
    ConcatChannel,
}
