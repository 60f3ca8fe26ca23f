namespace Tessera.Prompting.Vpt;

/// <summary>What the classification head reads (KMnP/vpt <c>MODEL.PROMPT.VIT_POOL_TYPE</c>).</summary>
public enum VptPooling
{
    /// <summary><c>original</c>: the backbone's pooled class token (ViT: final norm of the class token; CLIP:
    /// <c>ln_post(class token) @ proj</c>).</summary>
    ClassToken,

    /// <summary><c>img_pool</c>: mean of the normalised image-patch outputs.</summary>
    PatchMean,

    /// <summary><c>prompt_pool</c>: mean of the normalised prompt outputs (prepend locations only).</summary>
    PromptMean,

    /// <summary><c>imgprompt_pool</c>: mean of the normalised prompt and image-patch outputs.</summary>
    PromptAndPatchMean,
}
