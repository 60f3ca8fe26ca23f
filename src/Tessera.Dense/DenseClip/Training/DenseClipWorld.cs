using Tessera.Core.Errors;
using Tessera.Nn.Models.Clip;
using Tessera.Nn.Models.Clip.Tokenizer;
using Tessera.Nn.Tensors;
using Tessera.Nn.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Dense.DenseClip.Training;

/// <summary>
/// Builds a <see cref="DenseClipSegmentor"/> on a plain CLIP ViT (e.g. the shipped tiny world CLIP): the image tower and
/// the text tower are copied from the CLIP weights (as upstream's <c>init_weights</c>), the learnable context, γ, the
/// context decoder and the light FPN head start fresh.
/// </summary>
public static class DenseClipWorld
{
    /// <summary>Learnable context tokens for a small CLIP (upstream uses 8 with a 77-token CLIP; 8 fits the world CLIP's 24).</summary>
    public const int LearnableContext = 8;

    /// <summary>Class-name token length N1 (SOT, name, EOT, padding).</summary>
    public const int ClassContextLength = 5;

    /// <summary>The DenseCLIP sizes for a CLIP configuration.</summary>
    /// <param name="clip">The CLIP configuration.</param>
    /// <param name="scoreConcatIndex">Which map receives the score maps.</param>
    /// <param name="prompting">Vision-to-language prompting (post-model, upstream's, by default).</param>
    /// <returns>The configuration.</returns>
    public static DenseClipConfig Config(ClipConfig clip, int scoreConcatIndex, DenseClipPrompting prompting = DenseClipPrompting.Post)
    {
        ArgumentNullException.ThrowIfNull(clip);
        return new DenseClipConfig
        {
            ClassContextLength = ClassContextLength, LearnableContext = LearnableContext, TextWidth = clip.TransformerWidth, TextHeads = clip.TransformerHeads,
            TextLayers = clip.TransformerLayers, VocabSize = clip.VocabSize, EmbedDim = clip.EmbedDim, DecoderWidth = 64, DecoderHeads = 4, DecoderLayers = 3,
            ScoreConcatIndex = scoreConcatIndex, Prompting = prompting,
        };
    }

    /// <summary>Builds the segmentor.</summary>
    /// <param name="clipWeights">CLIP tensors in OpenAI names.</param>
    /// <param name="clip">Their configuration.</param>
    /// <param name="tokenizer">CLIP's tokenizer (for the class names).</param>
    /// <param name="classNames">One name per class, e.g. "background", "circle", ….</param>
    /// <param name="scoreMaps">DenseCLIP (true) or the head on the image features alone (false).</param>
    /// <param name="mapBlocks">CLIP blocks whose tokens feed the head (the last one also receives the score maps).</param>
    /// <param name="headChannels">Width of the FPN head.</param>
    /// <param name="prompting">Vision-to-language prompting of the DenseCLIP core (ignored without score maps).</param>
    /// <returns>The segmentor (caller-owned).</returns>
    /// <exception cref="TesseraArgumentException">Names or blocks do not fit the CLIP.</exception>
    public static DenseClipSegmentor Build(StateDict clipWeights, ClipConfig clip, ClipTokenizer tokenizer, IReadOnlyList<string> classNames,
        bool scoreMaps, IReadOnlyList<int> mapBlocks, int headChannels = 64, DenseClipPrompting prompting = DenseClipPrompting.Post)
    {
        ArgumentNullException.ThrowIfNull(clipWeights);
        ArgumentNullException.ThrowIfNull(clip);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentNullException.ThrowIfNull(mapBlocks);
        Guard.That(classNames.Count >= 2, nameof(classNames), "must name at least two classes");
        var tower = new ClipVisionTransformer(clip);
        using (var visual = new StateDict())
        {
            foreach (var key in clipWeights.Keys.Where(k => k.StartsWith("visual.", StringComparison.Ordinal)))
            {
                visual.Add(key["visual.".Length..], clipWeights[key].alias());
            }
            StateDictLoader.Load(tower, visual, strict: true);
        }
        var backbone = new ClipVitDenseBackbone(tower, mapBlocks);
        var channels = mapBlocks.Select(_ => clip.VisionWidth).ToList();
        if (!scoreMaps)
        {
            return new DenseClipSegmentor(backbone, new DenseClipFpnHead(channels, headChannels, classNames.Count));
        }
        var config = Config(clip, mapBlocks.Count - 1, prompting);
        Guard.That(config.TextContextLength <= clip.ContextLength, nameof(clip), $"context length {clip.ContextLength} is shorter than {config.TextContextLength}");
        long[] tokens;
        using (var ids = ImageTensors.ToTensor(tokenizer.Tokenize(classNames, ClassContextLength)))
        {
            tokens = ids.to(ScalarType.Int64).data<long>().ToArray();
        }
        var model = new DenseClipModel(config, backbone, tokens, classNames.Count);
        using (var mapped = DenseClipWeights.FromClip(clipWeights, config.TextContextLength, visual: false))
        using (torch.no_grad())
        {
            var own = model.state_dict();
            var missing = own.Keys.Where(k => k.StartsWith("text_encoder.", StringComparison.Ordinal) && !mapped.ContainsKey(k)).ToList();
            Guard.That(missing.Count == 0, nameof(clipWeights), $"lack text-tower tensors: {string.Join(", ", missing.Take(5))}");
            foreach (var key in mapped.Keys) { own[key].copy_(mapped[key]); }
        }
        channels[^1] += classNames.Count;
        return new DenseClipSegmentor(model, new DenseClipFpnHead(channels, headChannels, classNames.Count));
    }

    /// <summary>The tensors training changes (everything outside <see cref="DenseClipSegmentor.FrozenPrefixes"/>: context
    /// or pre-model queries and decoder, γ, context decoder, head, with the head's BatchNorm statistics): what <see cref="DenseClipTraining"/> exports, since
    /// the frozen CLIP towers come from the CLIP weights.</summary>
    /// <param name="segmentor">The model.</param>
    /// <returns>A new state dict aliasing the model's tensors.</returns>
    public static StateDict TrainedTensors(DenseClipSegmentor segmentor)
    {
        ArgumentNullException.ThrowIfNull(segmentor);
        var result = new StateDict();
        foreach (var (key, value) in segmentor.state_dict())
        {
            if (!segmentor.FrozenPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal))) { result.Add(key, value.alias()); }
        }
        return result;
    }

    /// <summary>Loads trained tensors (an export of <see cref="TrainedTensors"/>, or a full state dict) into a segmentor
    /// built on the same CLIP: every trained key must be present with its shape; frozen keys, when present, must also fit.</summary>
    /// <param name="segmentor">The model (built by <see cref="Build"/>).</param>
    /// <param name="weights">The tensors.</param>
    /// <exception cref="IncompatibleWeightsException">A trained key is missing, or a key is unknown or mis-shaped (matching keys may have been copied).</exception>
    public static void LoadTrained(DenseClipSegmentor segmentor, StateDict weights)
    {
        ArgumentNullException.ThrowIfNull(segmentor);
        ArgumentNullException.ThrowIfNull(weights);
        var report = StateDictLoader.Load(segmentor, weights, strict: false);
        var trainedMissing = report.Missing.Where(k => !segmentor.FrozenPrefixes.Any(p => k.StartsWith(p, StringComparison.Ordinal))).ToList();
        if (trainedMissing.Count > 0 || report.Unexpected.Count > 0 || report.Mismatched.Count > 0)
        {
            throw new IncompatibleWeightsException(nameof(weights), report with { Missing = trainedMissing });
        }
    }
}
