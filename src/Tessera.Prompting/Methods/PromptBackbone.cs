using Tessera.Core.Errors;
using Tessera.Nn.Models.Clip;
using Tessera.Nn.Models.Clip.Tokenizer;
using Tessera.Nn.Models.Vit;
using Tessera.Prompting.Tasks;
using static TorchSharp.torch;

namespace Tessera.Prompting.Methods;

/// <summary>
/// The backbone a <see cref="PromptTask"/> runs on: a ViT (VPT, linear probe, full fine-tune, BitFit) or a CLIP with its
/// tokenizer (pixel prompts, CoOp, zero-shot), with a display name and the fingerprint of its weights taken when this
/// object is made (before any method could train them).
/// </summary>
public sealed class PromptBackbone : IDisposable
{
    private readonly bool _owns;

    private PromptBackbone(VisionTransformer? vit, ClipModel? clip, ClipTokenizer? tokenizer, string name, bool owns)
    {
        Vit = vit;
        Clip = clip;
        Tokenizer = tokenizer;
        Name = name;
        _owns = owns;
        Fingerprint = BackboneFingerprint.Of((nn.Module?)vit ?? clip!);
    }

    /// <summary>Wraps a ViT.</summary>
    /// <param name="vit">The model.</param>
    /// <param name="name">A name for messages (e.g. its file).</param>
    /// <param name="owns">Whether disposing this disposes the model.</param>
    /// <returns>The backbone.</returns>
    public static PromptBackbone FromVit(VisionTransformer vit, string name, bool owns = false)
    {
        ArgumentNullException.ThrowIfNull(vit);
        ArgumentNullException.ThrowIfNull(name);
        return new PromptBackbone(vit, null, null, name, owns);
    }

    /// <summary>Wraps a CLIP and its tokenizer.</summary>
    /// <param name="clip">The model.</param>
    /// <param name="tokenizer">Its tokenizer.</param>
    /// <param name="name">A name for messages.</param>
    /// <param name="owns">Whether disposing this disposes the model.</param>
    /// <returns>The backbone.</returns>
    public static PromptBackbone FromClip(ClipModel clip, ClipTokenizer tokenizer, string name, bool owns = false)
    {
        ArgumentNullException.ThrowIfNull(clip);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(name);
        return new PromptBackbone(null, clip, tokenizer, name, owns);
    }

    /// <summary>The ViT, or null for a CLIP backbone.</summary>
    public VisionTransformer? Vit { get; }

    /// <summary>The CLIP, or null for a ViT backbone.</summary>
    public ClipModel? Clip { get; }

    /// <summary>The CLIP's tokenizer, or null.</summary>
    public ClipTokenizer? Tokenizer { get; }

    /// <summary>Display name.</summary>
    public string Name { get; }

    /// <summary>Fingerprint of the weights as they were when this object was made.</summary>
    public BackboneFingerprint Fingerprint { get; }

    /// <summary>Input image side.</summary>
    public int ImageSize => Vit?.Config.ImageSize ?? Clip!.Config.ImageResolution;

    /// <summary>Number of backbone parameter values.</summary>
    public long ParameterCount => Fingerprint.ParameterCount;

    /// <summary>The ViT, or an error naming the method that needs one.</summary>
    internal VisionTransformer RequireVit(PromptMethod method) => Vit
        ?? throw new TesseraArgumentException("backbone", $"method {PromptMethods.Name(method)} runs on a ViT, but the backbone given ({Name}) is a CLIP");

    /// <summary>The CLIP and tokenizer, or an error naming the method that needs them.</summary>
    internal (ClipModel Clip, ClipTokenizer Tokenizer) RequireClip(PromptMethod method) => Clip is not null
        ? (Clip, Tokenizer!)
        : throw new TesseraArgumentException("backbone", $"method {PromptMethods.Name(method)} runs on a CLIP (weights + tokenizer), but the backbone given ({Name}) is a ViT");

    /// <summary>Disposes the model when owned.</summary>
    public void Dispose()
    {
        if (!_owns) { return; }
        Vit?.Dispose();
        Clip?.Dispose();
    }
}
