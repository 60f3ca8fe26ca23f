using Tessera.Core.Errors;
using Tessera.Nn.Models.Clip;
using Tessera.Nn.Models.Clip.Tokenizer;
using Tessera.Nn.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tessera.Prompting.Coop;

/// <summary>
/// CoOp's <c>PromptLearner</c>: learned context vectors <c>ctx</c> (<c>[M, W]</c>, or <c>[C, M, W]</c> class-specific)
/// spliced between the frozen token embeddings of <c>"X X … X {class}."</c>: <c>token_prefix</c> (the start token) and
/// <c>token_suffix</c> (class tokens, period, end token and padding, whose rows hold the embedding of id 0). Only
/// <c>ctx</c> is a parameter; the buffers are recomputed from the class names, as CoOp's <c>load_model</c> does.
/// </summary>
/// <remarks>Reference: KaiyangZhou/CoOp at ff61507 <c>trainers/coop.py</c>. The tokenized prompts keep the end order for
/// every position, so the end-of-text index (<c>argmax</c> of the ids) stays valid.</remarks>
public sealed class CoopPromptLearner : nn.Module
{
    private readonly Parameter ctx;
    private readonly Tensor _prefix;
    private readonly Tensor _suffix;
    private readonly int[] _nameLengths;

    private CoopPromptLearner(Tensor context, Tensor prefix, Tensor suffix, Tensor tokenized, int[] nameLengths, CoopOptions options,
        IReadOnlyList<string> classNames, IReadOnlyList<string> promptTexts) : base(PromptingRuntime.Name(nameof(CoopPromptLearner)))
    {
        ctx = new Parameter(context);
        _prefix = prefix;
        _suffix = suffix;
        TokenizedPrompts = tokenized;
        _nameLengths = nameLengths;
        Options = options;
        ClassNames = classNames;
        PromptTexts = promptTexts;
        RegisterComponents();
        register_buffer("token_prefix", _prefix, persistent: false);
        register_buffer("token_suffix", _suffix, persistent: false);
    }

    /// <summary>The options (with the effective context length).</summary>
    public CoopOptions Options { get; }

    /// <summary>Class names as given.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The tokenised texts (<c>"X X X X cat."</c> or the phrase instead of the X's).</summary>
    public IReadOnlyList<string> PromptTexts { get; }

    /// <summary><c>tokenized_prompts</c> <c>[C, context_length]</c> int64 (end order).</summary>
    public Tensor TokenizedPrompts { get; }

    /// <summary>Index of the end-of-text token of each class prompt <c>[C]</c>.</summary>
    public Tensor EndOfTextIndex => TokenizedPrompts.argmax(-1);

    /// <summary>Number of BPE tokens of each class name.</summary>
    public IReadOnlyList<int> NameLengths => _nameLengths;

    /// <summary>The learned context.</summary>
    public Tensor Context => ctx;

    /// <summary>The frozen start-token embeddings <c>[C, 1, W]</c>.</summary>
    public Tensor TokenPrefix => _prefix;

    /// <summary>The frozen embeddings after the context <c>[C, L − 1 − M, W]</c>.</summary>
    public Tensor TokenSuffix => _suffix;

    /// <summary>Creates the learner for a CLIP model and class names.</summary>
    /// <param name="clip">The frozen CLIP (its token embedding is read, not kept).</param>
    /// <param name="tokenizer">CLIP's tokenizer.</param>
    /// <param name="classNames">Class names (<c>_</c> becomes a space).</param>
    /// <param name="options">Settings (validated).</param>
    /// <param name="seed">Seed of the random context initialisation.</param>
    /// <returns>The learner.</returns>
    /// <exception cref="TesseraArgumentException">No class names, an empty name, or an option is invalid.</exception>
    public static CoopPromptLearner Create(ClipModel clip, ClipTokenizer tokenizer, IReadOnlyList<string> classNames, CoopOptions? options = null, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(clip);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(classNames);
        options ??= new CoopOptions();
        options.Validate();
        Guard.That(classNames.Count > 0, nameof(classNames), "must hold at least one class");
        Guard.That(classNames.All(n => !string.IsNullOrWhiteSpace(n)), nameof(classNames), "must not contain empty names");
        var width = clip.Config.TransformerWidth;
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        Tensor context;
        string prefixText;
        var nCtx = options.ContextLength;
        var classSpecific = options.ClassSpecific;
        if (options.ContextInit.Length > 0)
        {
            var phrase = options.ContextInit.Replace('_', ' ');
            nCtx = phrase.Split(' ').Length;
            classSpecific = false;
            var ids = ImageTensors.ToTensor(tokenizer.Tokenize(phrase, clip.Config.ContextLength));
            context = clip.EmbedTokens(ids)[0].narrow(0, 1, nCtx).clone();
            prefixText = phrase;
        }
        else
        {
            using var generator = new Generator((ulong)seed);
            long[] shape = classSpecific ? [classNames.Count, nCtx, width] : [nCtx, width];
            context = torch.randn(shape, ScalarType.Float32, generator: generator) * 0.02;
            prefixText = string.Join(' ', Enumerable.Repeat("X", nCtx));
        }
        var names = classNames.Select(n => n.Replace('_', ' ')).ToList();
        var nameLengths = names.Select(n => tokenizer.Encode(n).Count).ToArray();
        var texts = names.Select(n => $"{prefixText} {n}.").ToList();
        var tokenized = ImageTensors.ToTensor(tokenizer.Tokenize(texts, clip.Config.ContextLength)).to(ScalarType.Int64);
        var embedding = clip.EmbedTokens(tokenized);
        var prefix = embedding.narrow(1, 0, 1).clone();
        var suffix = embedding.narrow(1, 1 + nCtx, embedding.shape[1] - 1 - nCtx).clone();
        var effective = options with { ContextLength = nCtx, ClassSpecific = classSpecific };
        var learner = new CoopPromptLearner(context.detach().MoveToOuterDisposeScope(), prefix.MoveToOuterDisposeScope(), suffix.MoveToOuterDisposeScope(),
            tokenized.MoveToOuterDisposeScope(), nameLengths, effective, [.. classNames], texts);
        return learner;
    }

    /// <summary>The prompt embeddings <c>[C, context_length, W]</c> (CoOp's <c>PromptLearner.forward</c>).</summary>
    /// <returns>A new tensor; differentiable in <c>ctx</c>.</returns>
    public Tensor BuildPrompts()
    {
        using var scope = torch.NewDisposeScope();
        var n = _prefix.shape[0];
        var context = ctx.dim() == 2 ? ctx.unsqueeze(0).expand(n, -1, -1) : (Tensor)ctx;
        Tensor prompts;
        if (Options.Position == ClassTokenPosition.End)
        {
            prompts = torch.cat([_prefix, context, _suffix], 1);
        }
        else
        {
            var half = Options.ContextLength / 2;
            var rows = new List<Tensor>();
            for (var i = 0; i < n; i++)
            {
                var len = _nameLengths[i];
                var prefixI = _prefix.narrow(0, i, 1);
                var suffixI = _suffix.narrow(0, i, 1);
                var classI = suffixI.narrow(1, 0, len);
                var restI = suffixI.narrow(1, len, suffixI.shape[1] - len);
                var ctxI = context.narrow(0, i, 1);
                rows.Add(Options.Position == ClassTokenPosition.Middle
                    ? torch.cat([prefixI, ctxI.narrow(1, 0, half), classI, ctxI.narrow(1, half, ctxI.shape[1] - half), restI], 1)
                    : torch.cat([prefixI, classI, ctxI, restI], 1));
            }
            prompts = torch.cat(rows, 0);
        }
        return prompts.MoveToOuterDisposeScope();
    }

    /// <summary>Replaces the context by a stored one of the same shape (e.g. a trained task).</summary>
    /// <param name="context">The values (copied).</param>
    /// <exception cref="TesseraArgumentException">The shape differs.</exception>
    public void LoadContext(Tensor context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Guard.That(context.shape.SequenceEqual(ctx.shape), nameof(context),
            $"shape [{string.Join(", ", context.shape)}] must equal the context shape [{string.Join(", ", ctx.shape)}]");
        using var noGrad = torch.no_grad();
        ctx.copy_(context);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            TokenizedPrompts.Dispose();
        }
        base.Dispose(disposing);
    }
}
