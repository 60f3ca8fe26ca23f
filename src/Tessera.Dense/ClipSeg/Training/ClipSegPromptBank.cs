using Tessera.Core.Errors;
using Tessera.Nn.Models.Clip.Tokenizer;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Dense.ClipSeg.Training;

/// <summary>
/// The conditional vectors of a <see cref="ClipSegDataset"/>, computed once on the frozen CLIP: a text vector per
/// distinct phrase and template, and a visual vector per sample (its image and mask after visual prompt engineering,
/// <c>crop_blur_highlight</c>). Because CLIP is frozen and in eval mode, caching them gives the same vectors upstream's
/// training recomputes every step.
/// </summary>
public sealed class ClipSegPromptBank : IDisposable
{
    private readonly Dictionary<string, int> _phraseIds;

    private ClipSegPromptBank(IReadOnlyList<string> phrases, Dictionary<string, int> ids, int[] phraseOf, Tensor text, Tensor visual,
        IReadOnlyList<IReadOnlyList<int>> byPhrase, IReadOnlyList<HashSet<int>> phrasesOfImage)
    {
        DistinctPhrases = phrases;
        _phraseIds = ids;
        PhraseOf = phraseOf;
        TextVectors = text;
        VisualVectors = visual;
        SamplesByPhrase = byPhrase;
        PhrasesOfImage = phrasesOfImage;
    }

    /// <summary>The distinct phrases (phrase id = position).</summary>
    public IReadOnlyList<string> DistinctPhrases { get; }

    /// <summary>The phrase id of every sample.</summary>
    public IReadOnlyList<int> PhraseOf { get; }

    /// <summary>Text vectors <c>[templates, phrases, E]</c>.</summary>
    public Tensor TextVectors { get; }

    /// <summary>Visual vectors <c>[N, E]</c>, one per sample.</summary>
    public Tensor VisualVectors { get; }

    /// <summary>The samples of every phrase id.</summary>
    public IReadOnlyList<IReadOnlyList<int>> SamplesByPhrase { get; }

    /// <summary>The phrase ids that name something in every image (negatives avoid them).</summary>
    public IReadOnlyList<HashSet<int>> PhrasesOfImage { get; }

    /// <summary>Id of a phrase, or −1 when the dataset does not hold it.</summary>
    /// <param name="phrase">A phrase.</param>
    /// <returns>The id.</returns>
    public int PhraseId(string phrase) => _phraseIds.TryGetValue(phrase, out var id) ? id : -1;

    /// <summary>A deterministic example for sample <paramref name="sample"/>: the next sample (cyclically, in file order)
    /// with the same phrase on another image, or null when there is none.</summary>
    /// <param name="sample">A sample index.</param>
    /// <param name="imageOf">The dataset's <see cref="ClipSegDataset.ImageOf"/>.</param>
    /// <returns>The example sample, or null.</returns>
    public int? ExampleFor(int sample, IReadOnlyList<int> imageOf)
    {
        ArgumentNullException.ThrowIfNull(imageOf);
        var list = SamplesByPhrase[PhraseOf[sample]];
        var at = IndexOf(list, sample);
        for (var k = 1; k < list.Count; k++)
        {
            var j = list[(at + k) % list.Count];
            if (imageOf[j] != imageOf[sample]) { return j; }
        }
        return null;
    }

    /// <summary>Computes every vector.</summary>
    /// <param name="model">The CLIPSeg model (its frozen CLIP is used).</param>
    /// <param name="tokenizer">CLIP's tokenizer.</param>
    /// <param name="data">The samples.</param>
    /// <param name="templates">Prompt templates (each with <c>{}</c>).</param>
    /// <param name="visualPromptSize">Side of the cropped prompt images.</param>
    /// <param name="batchSize">Prompts per CLIP forward pass.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <returns>The bank (caller-owned).</returns>
    public static ClipSegPromptBank Build(ClipSegModel model, ClipTokenizer tokenizer, ClipSegDataset data, IReadOnlyList<string> templates,
        int visualPromptSize, int batchSize = 128, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(templates);
        Guard.That(templates.Count > 0, nameof(templates), "must hold at least one template");
        Guard.Positive(batchSize);
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var distinct = new List<string>();
        var phraseOf = new int[data.Count];
        var byPhrase = new List<List<int>>();
        var ofImage = Enumerable.Range(0, data.ImagePaths.Count).Select(_ => new HashSet<int>()).ToList();
        for (var i = 0; i < data.Count; i++)
        {
            if (!ids.TryGetValue(data.Phrases[i], out var id))
            {
                id = distinct.Count;
                ids[data.Phrases[i]] = id;
                distinct.Add(data.Phrases[i]);
                byPhrase.Add([]);
            }
            phraseOf[i] = id;
            byPhrase[id].Add(i);
            ofImage[data.ImageOf[i]].Add(id);
        }
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var perTemplate = new List<Tensor>(templates.Count);
        foreach (var template in templates)
        {
            var chunks = new List<Tensor>();
            for (var s = 0; s < distinct.Count; s += batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var prompts = distinct.Skip(s).Take(batchSize).Select(p => ClipSegPrompts.Apply(template, p)).ToList();
                chunks.Add(model.TextConditional(tokenizer, prompts));
            }
            perTemplate.Add(torch.cat(chunks));
        }
        var text = torch.stack(perTemplate);
        var recipe = VisualPromptOptions.ForMode("crop_blur_highlight", visualPromptSize);
        var plain = recipe with { CropContext = null };
        var visualChunks = new List<Tensor>();
        for (var s = 0; s < data.Count; s += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var inner = torch.NewDisposeScope();
            var prompts = new List<Tensor>();
            for (var i = s; i < Math.Min(data.Count, s + batchSize); i++)
            {
                var mask = data.Masks[i];
                var image = data.Images[data.ImageOf[i]];
                // An empty region (a sub-pixel object lost in the resize) has no box to crop: blur/darken only, then resize.
                var engineered = mask.sum().item<float>() > 0
                    ? VisualPromptEngineering.Apply(image, mask, recipe)
                    : ClipSegPreprocess.Resize(VisualPromptEngineering.Apply(image, mask, plain), visualPromptSize);
                prompts.Add(engineered);
            }
            visualChunks.Add(model.VisualConditional(torch.stack(prompts)).MoveToOuterDisposeScope());
        }
        var visual = torch.cat(visualChunks);
        return new ClipSegPromptBank(distinct, ids, phraseOf, text.MoveToOuterDisposeScope(), visual.MoveToOuterDisposeScope(),
            byPhrase.Select(l => (IReadOnlyList<int>)l).ToList(), ofImage);
    }

    private static int IndexOf(IReadOnlyList<int> list, int value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value) { return i; }
        }
        return 0;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        TextVectors.Dispose();
        VisualVectors.Dispose();
    }
}
