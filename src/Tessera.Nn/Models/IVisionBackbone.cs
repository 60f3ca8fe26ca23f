using Tessera.Core.Errors;
using static TorchSharp.torch;

namespace Tessera.Nn.Models;

/// <summary>
/// A transformer image tower whose stages are public, so that a caller can insert tokens into the input of any
/// block and read the output of any block without copying the forward (VPT, CLIPSeg, DenseCLIP). Implemented by
/// <see cref="Vit.VisionTransformer"/> and <see cref="Clip.ClipVisionTransformer"/>.
/// </summary>
/// <remarks>
/// The module's own forward is <c>Pool(ForwardBlock(Depth − 1, … ForwardBlock(0, Embed(images))))</c>. Tokens are
/// batch-first <c>[B, T, Width]</c>: <see cref="PrefixTokenCount"/> prefix tokens (the class token), then the
/// patches row-major. Every stage returns a fresh tensor the caller owns and never disposes its input; gradients
/// flow through every stage (callers set <c>eval()</c>/<c>no_grad()</c>). Reference: timm
/// <c>forward_intermediates</c>, KMnP/vpt <c>PromptedTransformer</c>, clipseg <c>visual_forward</c>.
/// </remarks>
public interface IVisionBackbone
{
    /// <summary>Token width D.</summary>
    int Width { get; }

    /// <summary>Number of blocks.</summary>
    int Depth { get; }

    /// <summary>Patch side in pixels; image sides must be multiples of it.</summary>
    int PatchSize { get; }

    /// <summary>Tokens before the patch tokens (1: the class token).</summary>
    int PrefixTokenCount { get; }

    /// <summary>Size of <see cref="Pool"/>'s output (ViT: <see cref="Width"/>; CLIP: <c>embed_dim</c>).</summary>
    int OutputDim { get; }

    /// <summary>
    /// Patchify, prepend the class token, add the position embedding (resampled for other image sizes) and, for
    /// CLIP, <c>ln_pre</c>: the input of block 0.
    /// </summary>
    /// <param name="images">Normalised images <c>[B, 3, H, W]</c>, sides multiples of <see cref="PatchSize"/>.</param>
    /// <returns>Tokens <c>[B, 1 + N, D]</c>.</returns>
    /// <exception cref="TesseraArgumentException">The images have the wrong shape.</exception>
    Tensor Embed(Tensor images);

    /// <summary>Runs block <paramref name="index"/> on tokens of any length (prompt tokens allowed).</summary>
    /// <param name="index">0-based block index in [0, <see cref="Depth"/>).</param>
    /// <param name="tokens">Tokens <c>[B, T, D]</c>.</param>
    /// <returns>The block's output <c>[B, T, D]</c>.</returns>
    /// <exception cref="TesseraArgumentException">The index is out of range or the tokens are not <c>[B, T, D]</c>.</exception>
    Tensor ForwardBlock(int index, Tensor tokens);

    /// <summary>The final norm of every token (ViT <c>norm</c>, CLIP <c>ln_post</c>).</summary>
    /// <param name="tokens">Tokens <c>[B, T, D]</c>.</param>
    /// <returns>Normalised tokens <c>[B, T, D]</c>.</returns>
    /// <exception cref="TesseraArgumentException">The tokens are not <c>[B, T, D]</c>.</exception>
    Tensor NormTokens(Tensor tokens);

    /// <summary>
    /// The output of the block stack → <c>[B, OutputDim]</c>: ViT <c>norm</c> of the class token; CLIP
    /// <c>ln_post</c> of the class token <c>@ proj</c>.
    /// </summary>
    /// <param name="tokens">Tokens <c>[B, T, D]</c> whose token 0 is the class token.</param>
    /// <returns>Pooled features.</returns>
    /// <exception cref="TesseraArgumentException">The tokens are not <c>[B, T, D]</c>.</exception>
    Tensor Pool(Tensor tokens);

    /// <summary>
    /// Runs the stages and keeps the input of block 0, the outputs of the requested blocks, the normalised final
    /// tokens and the pooled features.
    /// </summary>
    /// <param name="images">Normalised images <c>[B, 3, H, W]</c>.</param>
    /// <param name="blocks">0-based indices of the blocks whose outputs to keep (null or empty: none).</param>
    /// <returns>Activations the caller owns and disposes.</returns>
    /// <exception cref="TesseraArgumentException">The images have the wrong shape or an index in <paramref name="blocks"/> is out of range.</exception>
    BackboneActivations Forward(Tensor images, IReadOnlyCollection<int>? blocks = null);
}
