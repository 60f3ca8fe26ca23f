using System.Text.Json;
using Tessera.Core.Arrays;
using Tessera.Core.Parity;
using Tessera.Nn.Models.Clip.Tokenizer;
using Tessera.Nn.Tensors;
using Tessera.Nn.Weights;
using Tessera.Prompting.Coop;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Prompting.Parity;

/// <summary>
/// Parity with KaiyangZhou/CoOp: a folder whose <c>manifest.json</c> has <c>classnames</c> and cases whose <c>config</c>
/// holds <c>N_CTX</c>, <c>CSC</c>, <c>CTX_INIT</c> and <c>CLASS_TOKEN_POSITION</c>. Each case builds the prompt learner
/// from the tiny CLIP and the class names (tokenised by Tessera with the CLIP vocabulary found beside the fixtures),
/// checks the token ids, the initial context (phrase init) and the frozen buffers bitwise, loads the stored context,
/// and compares the prompt embeddings (exact), text features, logits, loss and the context gradient.
/// </summary>
public sealed class CoopParityHandler : IParityHandler
{
    private readonly ClipTokenizer? _tokenizer;

    /// <summary>Creates the handler.</summary>
    /// <param name="tokenizer">CLIP tokenizer; null = look for <c>bpe_simple_vocab_16e6.txt.gz</c> in or above the fixture
    /// folder (also under <c>models/clip_tokenizer/</c>).</param>
    public CoopParityHandler(ClipTokenizer? tokenizer = null) => _tokenizer = tokenizer;

    /// <inheritdoc />
    public string Format => "coop";

    /// <inheritdoc />
    public IReadOnlyList<ParityGroup>? TryOpen(string directory)
    {
        using var doc = ParityManifest.TryRead(directory);
        if (doc is null) { return null; }
        var root = doc.RootElement;
        if (!root.TryGetProperty("classnames", out _) || !root.TryGetProperty("clip_config", out _)
            || !root.TryGetProperty("cases", out var cases) || cases.ValueKind != JsonValueKind.Array
            || !cases.EnumerateArray().All(c => c.TryGetProperty("config", out var cfg) && cfg.TryGetProperty("CLASS_TOKEN_POSITION", out _)))
        {
            return null;
        }
        var list = cases.EnumerateArray().Select(c => c.GetProperty("name").GetString()!)
            .Select(name => new ParityCase(name, _ => Run(directory, name))).ToList();
        var group = root.TryGetProperty("group", out var g) ? g.GetString() ?? Path.GetFileName(directory) : Path.GetFileName(directory);
        return [new ParityGroup("prompting", group, directory, list)];
    }

    internal static CoopOptions ReadOptions(JsonElement config) => new()
    {
        ContextLength = config.GetProperty("N_CTX").GetInt32(),
        ClassSpecific = config.GetProperty("CSC").GetBoolean(),
        ContextInit = config.GetProperty("CTX_INIT").GetString() ?? "",
        Position = config.GetProperty("CLASS_TOKEN_POSITION").GetString() switch
        {
            "end" => ClassTokenPosition.End,
            "middle" => ClassTokenPosition.Middle,
            "front" => ClassTokenPosition.Front,
            var other => throw new Tessera.Core.Errors.TesseraFormatException($"unknown class token position '{other}'"),
        },
    };

    private ParityOutcome Run(string directory, string caseName)
    {
        using var doc = ParityManifest.TryRead(directory)!;
        var root = doc.RootElement;
        var c = root.GetProperty("cases").EnumerateArray().First(x => x.GetProperty("name").GetString() == caseName);
        var caseDir = Path.Combine(directory, c.GetProperty("dir").GetString()!);
        string F(string file) => Path.Combine(caseDir, file);
        string G(string file) => Path.Combine(directory, file);
        var tol = root.GetProperty("tolerances");
        var tokenizer = _tokenizer ?? FixtureClip.TryFindTokenizer(directory)
            ?? throw new Tessera.Core.Errors.TesseraFormatException(
                $"no CLIP vocabulary (bpe_simple_vocab_16e6.txt.gz) found in or above '{directory}' (also looked under models/clip_tokenizer/)");

        using var scope = torch.NewDisposeScope();
        var config = FixtureClip.Config(root.GetProperty("clip_config"));
        using var clip = FixtureClip.Load(G("clip_weights.safetensors"), config);
        var classNames = root.GetProperty("classnames").EnumerateArray().Select(e => e.GetString()!).ToList();
        var options = ReadOptions(c.GetProperty("config"));
        using var model = new CoopClassifier(clip, CoopPromptLearner.Create(clip, tokenizer, classNames, options, seed: c.GetProperty("seed").GetInt64()));
        var learner = model.PromptLearner;
        var checks = new List<ParityOutcome>
        {
            ParityChecks.Exact("token_ids", learner.TokenizedPrompts, ImageTensors.ToTensor(Npy.Read(F("token_ids.npy"))).to(ScalarType.Int64)),
        };
        var expectedLens = c.GetProperty("name_lens").EnumerateArray().Select(e => e.GetInt32()).ToList();
        checks.Add(ParityOutcome.Exact("name_lens", learner.NameLengths.SequenceEqual(expectedLens) ? 0 : 1, $"ours [{string.Join(", ", learner.NameLengths)}]"));
        var expectedTexts = c.GetProperty("prompt_texts_tokenized").EnumerateArray().Select(e => e.GetString()!).ToList();
        checks.Add(ParityOutcome.Exact("prompt_texts", learner.PromptTexts.SequenceEqual(expectedTexts) ? 0 : 1, $"ours: {string.Join(" | ", learner.PromptTexts)}"));
        var storedCtx = ImageTensors.ToTensor(Npy.Read(F("ctx.npy")));
        if (options.ContextInit.Length > 0)
        {
            checks.Add(ParityChecks.Exact("ctx_init_from_phrase", learner.Context, storedCtx));
        }
        using (var stored = CheckpointReader.Read(F("prompt_learner.safetensors")))
        {
            checks.Add(ParityChecks.Exact("token_prefix", learner.TokenPrefix, stored["token_prefix"]));
            checks.Add(ParityChecks.Exact("token_suffix", learner.TokenSuffix, stored["token_suffix"]));
            learner.LoadContext(stored["ctx"]);
        }
        checks.Add(ParityChecks.Exact("ctx", learner.Context, storedCtx));
        checks.Add(ParityOutcome.Exact("trainable_parameters", model.parameters().Count() == 1 && clip.parameters().All(p => !p.requires_grad) ? 0 : 1,
            "only prompt_learner.ctx may train"));

        var imageFeatures = ImageTensors.ToTensor(Npy.Read(G("image_features.npy")));
        var labels = ImageTensors.ToTensor(Npy.Read(G("labels.npy"))).to(ScalarType.Int64);
        var prompts = learner.BuildPrompts();
        var text = clip.EncodeTextEmbeddings(prompts, learner.EndOfTextIndex);
        var logits = clip.Logits(imageFeatures, text);
        var loss = nn.functional.cross_entropy(logits, labels);
        loss.backward();
        using (torch.no_grad())
        {
            var exactTol = ParityChecks.ReadTolerance(tol.GetProperty("prompt_embeddings"));
            checks.Add(ParityChecks.AllCloseFile("prompt_embeddings", prompts, F("prompt_embeddings.npy"), exactTol));
            checks.Add(ParityChecks.AllCloseFile("text_features", text, F("text_features.npy"), ParityChecks.ReadTolerance(tol.GetProperty("text_features"))));
            var logitsTol = ParityChecks.ReadTolerance(tol.GetProperty("logits"));
            checks.Add(ParityChecks.AllCloseFile("logits", logits, F("logits.npy"), logitsTol));
            var images = ImageTensors.ToTensor(Npy.Read(G("images.npy")));
            checks.Add(ParityChecks.AllCloseFile("logits_end_to_end", model.forward(images), F("logits.npy"), logitsTol));
            checks.Add(ParityChecks.AllCloseFile("loss", loss, F("loss.npy"), ParityChecks.ReadTolerance(tol.GetProperty("loss"))));
            checks.Add(learner.Context.grad is null
                ? new ParityOutcome(ParityStatus.Fail, "grad_ctx", null, null, "no gradient reached the context")
                : ParityChecks.AllCloseFile("grad_ctx", learner.Context.grad, F("grad_ctx.npy"), ParityChecks.ReadTolerance(tol.GetProperty("grad_ctx"))));
            checks.Add(ParityOutcome.Exact("frozen_parameters_with_grad", clip.parameters().Count(p => p.grad is not null), "CLIP must get no gradient"));
        }
        return ParityChecks.Summarize(checks);
    }
}
