namespace Tessera.Prompting.Methods;

/// <summary>The adaptation methods one runner trains, stores and serves (see <see cref="PromptMethods"/> for their names).</summary>
public enum PromptMethod
{
    /// <summary>VPT with fresh prompts before every block (KMnP/vpt <c>DEEP = True</c>) and a linear head, on a frozen ViT.</summary>
    VptDeep,

    /// <summary>VPT with prompts before the first block only, and a linear head, on a frozen ViT.</summary>
    VptShallow,

    /// <summary>A learned pixel frame added to the image in front of a frozen CLIP (hjbahng/visual_prompting <c>padding</c>).</summary>
    Pad,

    /// <summary>A learned patch in the top-left corner in front of a frozen CLIP (<c>fixed_patch</c>).</summary>
    FixedPatch,

    /// <summary>A learned patch at a random place per batch in front of a frozen CLIP (<c>random_patch</c>).</summary>
    RandomPatch,

    /// <summary>Learned text context vectors for CLIP's class prompts (KaiyangZhou/CoOp).</summary>
    Coop,

    /// <summary>Linear probe: a linear head on the frozen ViT's class-token feature.</summary>
    Linear,

    /// <summary>Full fine-tune: every backbone weight and the head train (the task file stores the whole model).</summary>
    Full,

    /// <summary>BitFit: the backbone's bias terms and the head train.</summary>
    BitFit,

    /// <summary>Zero-shot CLIP against text-template class features: nothing trains (evaluation only).</summary>
    ZeroShot,
}
