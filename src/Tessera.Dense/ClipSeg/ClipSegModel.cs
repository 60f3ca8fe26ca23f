using Tessera.Core.Errors;
using Tessera.Nn.Models.Clip;
using Tessera.Nn.Models.Clip.Tokenizer;
using Tessera.Nn.Tensors;
using Tessera.Nn.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Dense.ClipSeg;

/// <summary>
/// CLIPSeg (Lüddecke and Ecker, CVPR 2022; timojl/clipseg <c>CLIPDensePredT</c>): a frozen CLIP and a small trainable
/// <see cref="ClipSegDecoder"/>. A query image is segmented by a conditional vector that comes from a text prompt
/// (<see cref="TextConditional(Tensor)"/>), from an example image with its mask after visual prompt engineering
/// (<see cref="VisualConditional"/>, <see cref="VisualPromptEngineering"/>), or from a mix of both (<see cref="Mix"/>).
/// </summary>
/// <remarks>Images are ImageNet-normalised <c>[B, 3, H, W]</c> with H, W multiples of the patch size (see
/// <see cref="ClipSegPreprocess"/>); sizes other than CLIP's native one get its positional embedding resampled
/// bicubically. Every method runs in its own dispose scope and returns caller-owned tensors; call
/// <c>torch.no_grad()</c> for inference.</remarks>
public sealed class ClipSegModel : IDisposable
{
    private readonly bool _ownsClip;
    private long _textTowerPrompts;

    /// <summary>Combines a CLIP and a decoder; CLIP's parameters are frozen (<c>requires_grad = false</c>).</summary>
    /// <param name="clip">The CLIP model (its sizes must match the decoder's configuration).</param>
    /// <param name="decoder">The decoder.</param>
    /// <param name="ownsClip">Dispose <paramref name="clip"/> with this model.</param>
    /// <exception cref="TesseraArgumentException">The decoder's sizes do not fit the CLIP model.</exception>
    public ClipSegModel(ClipModel clip, ClipSegDecoder decoder, bool ownsClip = true)
    {
        ArgumentNullException.ThrowIfNull(clip);
        ArgumentNullException.ThrowIfNull(decoder);
        var c = decoder.Config;
        Guard.That(c.ConditionalDim == clip.Config.EmbedDim && c.VisionWidth == clip.Config.VisionWidth && c.PatchSize == clip.Config.VisionPatchSize,
            nameof(decoder), $"sizes (cond {c.ConditionalDim}, width {c.VisionWidth}, patch {c.PatchSize}) must match CLIP's (embed {clip.Config.EmbedDim}, width {clip.Config.VisionWidth}, patch {clip.Config.VisionPatchSize})");
        Guard.That(c.ExtractLayers[^1] < clip.Config.VisionLayers, nameof(decoder), $"extract layers must lie below CLIP's depth {clip.Config.VisionLayers}");
        Clip = clip;
        Decoder = decoder;
        _ownsClip = ownsClip;
        foreach (var p in clip.parameters()) { p.requires_grad = false; }
        clip.eval();
    }

    /// <summary>The frozen CLIP.</summary>
    public ClipModel Clip { get; }

    /// <summary>The trainable decoder.</summary>
    public ClipSegDecoder Decoder { get; }

    /// <summary>How many prompts have passed through CLIP's text tower in <see cref="TextConditional(Tensor)"/> since the
    /// model was created (a batch of B prompts counts B): segmenting a folder with one text prompt adds one.</summary>
    public long TextTowerPrompts => Interlocked.Read(ref _textTowerPrompts);

    /// <summary>Builds the decoder and loads a CLIPSeg checkpoint (only decoder tensors, as upstream saves them).</summary>
    /// <param name="clip">The CLIP model.</param>
    /// <param name="decoderWeights">The checkpoint's tensors.</param>
    /// <param name="config">Decoder architecture; its CLIP sizes are taken from <paramref name="clip"/>.</param>
    /// <param name="ownsClip">Dispose <paramref name="clip"/> with the result.</param>
    /// <returns>The model, in eval mode.</returns>
    /// <exception cref="IncompatibleWeightsException">A key is missing, unexpected or mis-shaped.</exception>
    public static ClipSegModel Load(ClipModel clip, StateDict decoderWeights, ClipSegConfig config, bool ownsClip = true)
    {
        ArgumentNullException.ThrowIfNull(clip);
        ArgumentNullException.ThrowIfNull(decoderWeights);
        ArgumentNullException.ThrowIfNull(config);
        var decoder = new ClipSegDecoder(config.For(clip.Config));
        try
        {
            StateDictLoader.Load(decoder, decoderWeights, strict: true);
            decoder.eval();
            return new ClipSegModel(clip, decoder, ownsClip);
        }
        catch
        {
            decoder.Dispose();
            throw;
        }
    }

    /// <summary>Text conditional vectors: CLIP's <c>encode_text</c> of token ids <c>[B, context]</c> (not normalised).</summary>
    /// <param name="tokens">Token ids of the prompts.</param>
    /// <returns><c>[B, E]</c>.</returns>
    public Tensor TextConditional(Tensor tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var features = Clip.EncodeText(tokens);
        Interlocked.Add(ref _textTowerPrompts, features.shape[0]);
        return features;
    }

    /// <summary>Text conditional vectors of prompts, tokenised as <c>clip.tokenize</c> does (templates are not applied
    /// here; see <see cref="ClipSegPrompts"/>).</summary>
    /// <param name="tokenizer">CLIP's tokenizer.</param>
    /// <param name="prompts">Prompts.</param>
    /// <returns><c>[prompts.Count, E]</c>.</returns>
    public Tensor TextConditional(ClipTokenizer tokenizer, IReadOnlyList<string> prompts)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(prompts);
        Guard.That(prompts.Count > 0, nameof(prompts), "must hold at least one prompt");
        using var tokens = ImageTensors.ToTensor(tokenizer.Tokenize(prompts, Clip.Config.ContextLength));
        return TextConditional(tokens);
    }

    /// <summary>Visual conditional vectors: CLIP's projected class token of (already engineered) prompt images.</summary>
    /// <param name="promptImages">ImageNet-normalised prompt images <c>[B, 3, H, W]</c>.</param>
    /// <returns><c>[B, E]</c>.</returns>
    public Tensor VisualConditional(Tensor promptImages)
    {
        ArgumentNullException.ThrowIfNull(promptImages);
        var (pooled, _) = ClipVisionTaps.Run(Clip.Visual, promptImages, []);
        return pooled;
    }

    /// <summary>Linear interpolation of conditional vectors: <c>w · text + (1 − w) · visual</c>.</summary>
    /// <param name="text">Text vectors <c>[B, E]</c>.</param>
    /// <param name="visual">Visual vectors <c>[B, E]</c>.</param>
    /// <param name="textWeight">Weights <c>[B]</c> or <c>[B, 1]</c> (or a scalar tensor).</param>
    /// <returns>The mixed vectors.</returns>
    /// <exception cref="TesseraArgumentException">The vectors' shapes differ.</exception>
    public static Tensor Mix(Tensor text, Tensor visual, Tensor textWeight)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(visual);
        ArgumentNullException.ThrowIfNull(textWeight);
        Guard.That(text.shape.SequenceEqual(visual.shape), nameof(visual), $"shape [{string.Join(", ", visual.shape)}] must equal the text shape [{string.Join(", ", text.shape)}]");
        using var scope = torch.NewDisposeScope();
        var w = textWeight.dim() == 1 ? textWeight.unsqueeze(1) : textWeight;
        w = w.to(text.dtype);
        return ((text * w) + (visual * (1 - w))).MoveToOuterDisposeScope();
    }

    /// <summary>Segments query images by conditional vectors.</summary>
    /// <param name="images">ImageNet-normalised query images <c>[B, 3, H, W]</c>.</param>
    /// <param name="conditional">Conditional vectors <c>[B, E]</c>, or <c>[1, E]</c> repeated over the batch.</param>
    /// <param name="extraLayers">Further CLIP blocks whose outputs to return (e.g. 0, as upstream's
    /// <c>return_features</c>); the extract layers are always returned.</param>
    /// <returns>Logits, decoder tokens, CLIP's class embedding and the activations (caller-owned).</returns>
    /// <exception cref="TesseraArgumentException">Shapes do not fit.</exception>
    public ClipSegOutput Forward(Tensor images, Tensor conditional, IReadOnlyCollection<int>? extraLayers = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(conditional);
        var patch = Clip.Config.VisionPatchSize;
        Guard.That(images.dim() == 4 && images.shape[1] == 3, nameof(images), $"must be [B, 3, H, W], got [{string.Join(", ", images.shape)}]");
        Guard.That(images.shape[2] % patch == 0 && images.shape[3] % patch == 0, nameof(images), $"height and width must be multiples of the patch size {patch}");
        var b = images.shape[0];
        Guard.That(conditional.dim() == 2 && (conditional.shape[0] == b || conditional.shape[0] == 1), nameof(conditional),
            $"must be [{b}, E] or [1, E], got [{string.Join(", ", conditional.shape)}]");
        var extract = Decoder.Config.ExtractLayers;
        var layers = extract.Concat(extraLayers ?? []).Distinct().OrderBy(l => l).ToList();
        Guard.That(layers.All(l => l >= 0 && l < Clip.Config.VisionLayers), nameof(extraLayers), $"block indices must lie in [0, {Clip.Config.VisionLayers})");
        using var scope = torch.NewDisposeScope();
        var (pooled, blocks) = ClipVisionTaps.Run(Clip.Visual, images, layers);
        var byLayer = layers.Zip(blocks).ToDictionary(p => p.First, p => p.Second);
        var cond = conditional.shape[0] == b ? conditional : conditional.expand(b, -1);
        var rows = (int)(images.shape[2] / patch);
        var cols = (int)(images.shape[3] / patch);
        var tokens = Decoder.Tokens(extract.Select(l => byLayer[l]).ToList(), cond, rows, cols);
        var logits = Decoder.Upsample(tokens);
        var kept = byLayer.ToDictionary(p => p.Key, p => p.Value.MoveToOuterDisposeScope());
        return new ClipSegOutput(logits.MoveToOuterDisposeScope(), tokens.MoveToOuterDisposeScope(), pooled.MoveToOuterDisposeScope(), kept);
    }

    /// <summary>Segmentation logits only (<c>[B, 1, H, W]</c>).</summary>
    /// <param name="images">ImageNet-normalised query images.</param>
    /// <param name="conditional">Conditional vectors.</param>
    /// <returns>Logits before the sigmoid.</returns>
    public Tensor Predict(Tensor images, Tensor conditional)
    {
        using var output = Forward(images, conditional);
        return output.Logits.alias();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Decoder.Dispose();
        if (_ownsClip) { Clip.Dispose(); }
    }
}
