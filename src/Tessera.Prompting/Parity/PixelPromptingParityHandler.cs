using System.Text.Json;
using Tessera.Core.Arrays;
using Tessera.Core.Parity;
using Tessera.Core.Random;
using Tessera.Nn.Tensors;
using Tessera.Nn.Weights;
using Tessera.Prompting.Pixel;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Prompting.Parity;

/// <summary>
/// Parity with hjbahng/visual_prompting: a folder whose <c>manifest.json</c> lists prompter cases (<c>method</c>
/// <c>padding</c>/<c>fixed_patch</c>/<c>random_patch</c>, <c>image_size</c>, <c>prompt_size</c>) and optionally a
/// <c>clip_case</c> (a pad prompt in front of a frozen tiny CLIP: logits, features, loss and prompter gradients).
/// Random-patch cases are replayed at the recorded <c>random_location</c>. Tolerances come from the manifest.
/// </summary>
public sealed class PixelPromptingParityHandler : IParityHandler
{
    /// <inheritdoc />
    public string Format => "visual-prompting";

    /// <inheritdoc />
    public IReadOnlyList<ParityGroup>? TryOpen(string directory)
    {
        using var doc = ParityManifest.TryRead(directory);
        if (doc is null) { return null; }
        var root = doc.RootElement;
        if (!root.TryGetProperty("parameter_names", out var names) || names.ValueKind != JsonValueKind.Object
            || !names.TryGetProperty("PadPrompter", out _)
            || !root.TryGetProperty("cases", out var cases) || cases.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        var list = new List<ParityCase>();
        foreach (var c in cases.EnumerateArray())
        {
            var name = c.GetProperty("name").GetString()!;
            list.Add(new ParityCase(name, _ => RunPrompter(directory, name)));
        }
        if (root.TryGetProperty("clip_case", out var clip))
        {
            list.Add(new ParityCase(clip.GetProperty("name").GetString()!, _ => RunClip(directory)));
        }
        var group = root.TryGetProperty("group", out var g) ? g.GetString() ?? Path.GetFileName(directory) : Path.GetFileName(directory);
        return [new ParityGroup("prompting", group, directory, list)];
    }

    internal static PixelPrompter Create(string method, int imageSize, int promptSize, IRandom random) => method switch
    {
        "padding" => new PadPrompter(imageSize, promptSize),
        "fixed_patch" => new FixedPatchPrompter(imageSize, promptSize),
        "random_patch" => new RandomPatchPrompter(imageSize, promptSize, random),
        _ => throw new Tessera.Core.Errors.TesseraFormatException($"unknown prompter method '{method}'"),
    };

    private static ParityOutcome RunPrompter(string directory, string caseName)
    {
        using var doc = ParityManifest.TryRead(directory)!;
        var root = doc.RootElement;
        var c = root.GetProperty("cases").EnumerateArray().First(x => x.GetProperty("name").GetString() == caseName);
        var caseDir = Path.Combine(directory, c.GetProperty("dir").GetString()!);
        var tolerance = ParityChecks.ReadTolerance(root.GetProperty("tolerances").GetProperty("output"));
        using var scope = torch.NewDisposeScope();
        using var prompter = Create(c.GetProperty("method").GetString()!, c.GetProperty("image_size").GetInt32(),
            c.GetProperty("prompt_size").GetInt32(), new SeededRandom(0));
        using var weights = CheckpointReader.Read(Path.Combine(caseDir, "weights.safetensors"));
        StateDictLoader.Load(prompter, weights, strict: true);
        var checks = new List<ParityOutcome>();
        checks.AddRange(ParityChecks.ExactWeights(prompter.named_parameters().Select(p => (p.name, (Tensor)p.parameter)), weights));
        checks.Add(ParityOutcome.Exact("num_params", prompter.ParameterCount == c.GetProperty("num_params").GetInt64() ? 0 : 1,
            $"ours {prompter.ParameterCount}"));
        var input = ImageTensors.ToTensor(Npy.Read(Path.Combine(directory, c.GetProperty("input").GetString()!)));
        using var noGrad = torch.no_grad();
        Tensor output;
        if (prompter is RandomPatchPrompter random)
        {
            var loc = c.GetProperty("random_location");
            output = random.Apply(input, new PatchLocation(loc.GetProperty("row").GetInt32(), loc.GetProperty("col").GetInt32()));
        }
        else
        {
            output = prompter.forward(input);
        }
        checks.Add(ParityChecks.AllCloseFile("output", output, Path.Combine(caseDir, "output.npy"), tolerance));
        return ParityChecks.Summarize(checks);
    }

    private static ParityOutcome RunClip(string directory)
    {
        using var doc = ParityManifest.TryRead(directory)!;
        var root = doc.RootElement;
        var c = root.GetProperty("clip_case");
        var tol = root.GetProperty("tolerances");
        var logitsTol = ParityChecks.ReadTolerance(tol.GetProperty("clip_logits"));
        var featuresTol = ParityChecks.ReadTolerance(tol.GetProperty("clip_features"));
        var lossTol = ParityChecks.ReadTolerance(tol.GetProperty("clip_loss"));
        var gradTol = ParityChecks.ReadTolerance(tol.GetProperty("clip_prompter_grads"));
        var outputTol = ParityChecks.ReadTolerance(tol.GetProperty("output"));
        var caseDir = Path.Combine(directory, c.GetProperty("dir").GetString()!);
        string F(string file) => Path.Combine(caseDir, file);

        using var scope = torch.NewDisposeScope();
        var config = FixtureClip.Config(c.GetProperty("clip_config"));
        using var clip = FixtureClip.Load(F("clip_weights.safetensors"), config);
        var p = c.GetProperty("prompter");
        using var prompter = Create(p.GetProperty("method").GetString()!, p.GetProperty("image_size").GetInt32(), p.GetProperty("prompt_size").GetInt32(), new SeededRandom(0));
        using var prompterWeights = CheckpointReader.Read(F("prompter_weights.safetensors"));
        StateDictLoader.Load(prompter, prompterWeights, strict: true);
        var checks = new List<ParityOutcome>();

        var expectedTokens = ImageTensors.ToTensor(Npy.Read(F("text_tokens.npy")));
        var texts = ClassNames.Texts(c.GetProperty("raw_classnames").EnumerateArray().Select(e => e.GetString()!));
        var tokenizer = FixtureClip.TryFindTokenizer(directory);
        var tokens = expectedTokens;
        if (tokenizer is not null)
        {
            tokens = ImageTensors.ToTensor(tokenizer.Tokenize(texts));
            checks.Add(ParityChecks.Exact("text_tokens", tokens, expectedTokens));
        }
        var expectedTexts = c.GetProperty("texts").EnumerateArray().Select(e => e.GetString()!).ToList();
        checks.Add(ParityOutcome.Exact("texts", texts.SequenceEqual(expectedTexts) ? 0 : 1, $"ours: {string.Join(" | ", texts)}"));

        Tensor textFeatures;
        using (torch.no_grad()) { textFeatures = clip.EncodeText(tokens); }
        var model = new PixelPromptedClip(clip, prompter, textFeatures);
        var images = ImageTensors.ToTensor(Npy.Read(Path.Combine(directory, c.GetProperty("input").GetString()!)));
        var labels = ImageTensors.ToTensor(Npy.Read(F("labels.npy"))).to(ScalarType.Int64);
        var prompted = prompter.forward(images);
        var logits = model.LogitsOfPrompted(prompted);
        var loss = nn.functional.cross_entropy(logits, labels);
        loss.backward();
        using (torch.no_grad())
        {
            checks.Add(ParityChecks.AllCloseFile("prompted_images", prompted, F("prompted_images.npy"), outputTol));
            checks.Add(ParityChecks.AllCloseFile("text_features", textFeatures, F("text_features.npy"), featuresTol));
            checks.Add(ParityChecks.AllCloseFile("image_features", clip.EncodeImage(prompted), F("image_features.npy"), featuresTol));
            checks.Add(ParityChecks.AllCloseFile("logits_prompt", logits, F("logits_prompt.npy"), logitsTol));
            checks.Add(ParityChecks.AllCloseFile("logits_orig", model.LogitsOfPrompted(images), F("logits_orig.npy"), logitsTol));
            checks.Add(ParityChecks.AllCloseFile("loss", loss, F("loss.npy"), lossTol));
            using var grads = CheckpointReader.Read(F("prompter_grads.safetensors"));
            foreach (var (name, param) in prompter.named_parameters())
            {
                checks.Add(param.grad is null
                    ? new ParityOutcome(ParityStatus.Fail, $"grad[{name}]", null, null, "no gradient reached the prompter")
                    : ParityOutcome.AllClose($"grad[{name}]", ImageTensors.ToNdArray(param.grad), ImageTensors.ToNdArray(grads[name]), gradTol.Atol, gradTol.Rtol));
            }
            var frozenWithGrad = clip.parameters().Count(q => q.grad is not null);
            checks.Add(ParityOutcome.Exact("clip_parameters_with_grad", frozenWithGrad, "the frozen CLIP must receive no gradient"));
        }
        return ParityChecks.Summarize(checks);
    }
}
