using System.Text.Json;
using Spectre.Console.Cli.Help;
using Tessera.Cli.Hosting;
using Tessera.TestSupport;

namespace Tessera.Cli.Tests.Hosting;

/// <summary>The CLI conventions (STYLE.md, README "Exit codes"), checked over the whole command tree.</summary>
public sealed class CliConventionsTests
{
    public static TheoryData<string> CommandPaths() => [.. CommandTree.All.Select(c => c.ToString())];

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public void Help_EveryCommand_PrintsUsageAndExitsZero(string path)
    {
        var (code, stdout, stderr) = CliRunner.Run([.. path.Split(' '), "--help"]);
        Assert.True(code == 0, $"{path} --help: exit {code}: {stderr}");
        Assert.Contains("USAGE", stdout, StringComparison.Ordinal);
        Assert.Equal("", stderr);
    }

    [Fact]
    public void Help_Branches_ListTheirCommands()
    {
        foreach (var branch in CommandTree.All.Where(c => c.Path.Count > 1).Select(c => c.Path[0]).Distinct())
        {
            var (code, stdout, _) = CliRunner.Run(branch, "--help");
            Assert.Equal(0, code);
            Assert.Contains("COMMANDS", stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void UnknownOption_IsNamedAsTyped_ExitTwo()
    {
        var (code, stdout, stderr) = CliRunner.Run("mesh", "info", "--jsn", "f.obj");
        Assert.Equal(ExitCodes.BadUsage, code);
        Assert.Equal("", stdout);
        var line = Assert.Single(Lines(stderr));
        Assert.StartsWith("error: unknown option '--jsn'", line, StringComparison.Ordinal);
    }

    [Fact]
    public void ExtraArgument_IsRejected_ExitTwo()
    {
        var (code, _, stderr) = CliRunner.Run("mesh", "info", "a.obj", "b.obj");
        Assert.Equal(ExitCodes.BadUsage, code);
        var line = Assert.Single(Lines(stderr));
        Assert.StartsWith("error: unexpected argument 'b.obj'", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--seed", "-1", "augment run --pipeline p.json --images imgs --out o --seed -1")]
    [InlineData("--iterations", "99999999999", "mesh subdivide --iterations 99999999999 a.obj b.obj")]
    [InlineData("--target-faces", "abc", "mesh simplify --target-faces abc a.obj b.obj")]
    [InlineData("--cell-size", "x", "mesh simplify --method cluster --cell-size=x a.obj b.obj")]
    public void BadValue_NamesOptionAndRule_ExitTwo(string option, string value, string commandLine)
    {
        var (code, stdout, stderr) = CliRunner.Run(commandLine.Split(' '));
        Assert.Equal(ExitCodes.BadUsage, code);
        Assert.Equal("", stdout);
        var line = Assert.Single(Lines(stderr));
        Assert.StartsWith($"error: {option}: '{value}' is not a valid value: must be ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void ErrorLine_IsNotWrappedOnANarrowConsole()
    {
        var missing = "/no/such/folder/" + new string('m', 150) + ".obj";
        var (code, _, stderr) = CliRunner.RunWith(["mesh", "info", missing], 40);
        Assert.Equal(ExitCodes.BadUsage, code);
        var line = Assert.Single(Lines(stderr));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(missing, line, StringComparison.Ordinal);
    }

    /// <summary>Every option a user must give is declared required (help shows it; Spectre rejects its absence), not
    /// checked by hand inside the command.</summary>
    [Theory]
    [InlineData("augment run", "--pipeline")]
    [InlineData("augment run", "--images")]
    [InlineData("augment run", "--out")]
    [InlineData("augment preview", "--pipeline")]
    [InlineData("augment preview", "--image")]
    [InlineData("augment preview", "--out")]
    [InlineData("clip classify", "--weights")]
    [InlineData("clip classify", "--image")]
    [InlineData("clip classify", "--labels")]
    [InlineData("clip tokenize", "--vocab")]
    [InlineData("seg eval", "--pred")]
    [InlineData("seg eval", "--gt")]
    [InlineData("seg eval", "--classes")]
    [InlineData("segfix gt", "--out")]
    [InlineData("segfix refine", "--out")]
    [InlineData("segfix predict", "--weights")]
    [InlineData("segfix predict", "--image")]
    [InlineData("segfix study", "--out")]
    [InlineData("segfix train", "--out")]
    public void RequiredOption_IsDeclaredRequired_AndItsAbsenceIsNamed(string command, string option)
    {
        var tree = CommandTree.Get(command);
        var declared = tree.Options.Single(o => o.LongNames.Contains(option[2..]));
        Assert.True(declared.IsRequired, $"{command} {option} is not declared required");
        Assert.Contains("Required", CliRunner.Run([.. command.Split(' '), "--help"]).Out, StringComparison.Ordinal);
        // Give the positional arguments and every other required option, leave this one out.
        List<string> args = [.. command.Split(' '), .. Positionals.GetValueOrDefault(command, [])];
        foreach (var other in tree.Options.Where(o => o.IsRequired && o != declared))
        {
            args.AddRange(["--" + other.LongNames[0], other.LongNames[0] == "classes" ? "3" : "x"]);
        }
        var (code, stdout, stderr) = CliRunner.Run([.. args]);
        Assert.Equal(ExitCodes.BadUsage, code);
        Assert.Equal("", stdout);
        var line = Assert.Single(Lines(stderr));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains($"'{option}'", line, StringComparison.Ordinal);
    }

    private static readonly Dictionary<string, string[]> Positionals = new(StringComparer.Ordinal)
    {
        ["clip tokenize"] = ["a photo"],
        ["segfix gt"] = ["label.png"],
        ["segfix refine"] = ["pred.png"],
    };

    [Fact]
    public void Json_IsAFlagThatPrintsJsonOnStdout_Everywhere()
    {
        var withJson = CommandTree.All.Where(c => c.Options.Any(o => o.LongNames.Contains("json"))).ToList();
        Assert.NotEmpty(withJson);
        Assert.All(withJson, c => Assert.True(c.Options.Single(o => o.LongNames.Contains("json")).IsFlag, $"{c}: --json takes a value"));
    }

    [Fact]
    public void MeshInfoJson_StdoutIsOnlyJson_StderrEmpty()
    {
        var (code, stdout, stderr) = CliRunner.Run("mesh", "info", SharedFixtures.Get("mesh", "meshes", "torus.obj"), "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        Assert.True(doc.RootElement.GetProperty("faces").GetInt32() > 0);
        Assert.Equal("", stderr);
    }

    [Fact]
    public void MeshConvert_StatusGoesToStderr_StdoutEmpty()
    {
        var output = Path.Combine(Directory.CreateTempSubdirectory("tessera-conv").FullName, "t.ply");
        var (code, stdout, stderr) = CliRunner.Run("mesh", "convert", SharedFixtures.Get("mesh", "meshes", "torus.obj"), output);
        Assert.Equal(0, code);
        Assert.Equal("", stdout);
        Assert.Contains("wrote", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancelled_ExitsWith130()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var output = Directory.CreateTempSubdirectory("tessera-cancel").FullName;
        var (code, stdout, _) = CliRunner.RunWith(["segfix", "study", "--synthetic", "2", "--out", output], cancellationToken: cts.Token);
        Assert.Equal(ExitCodes.Cancelled, code);
        Assert.Equal("", stdout);
    }

    /// <summary>
    /// The audit of option names: every long option of every command, with the one meaning it has wherever it
    /// appears. A new option name must be added here (after checking it means the same as elsewhere); an option that
    /// is a flag in one command and takes a value in another fails.
    /// </summary>
    private static readonly Dictionary<string, string> OptionMeanings = new(StringComparer.Ordinal)
    {
        ["help"] = "flag: print help",
        ["verbose"] = "flag: print full exception details on error",
        ["json"] = "flag: print the result as JSON on stdout",
        ["out"] = "value: the output file or folder the command writes (-o)",
        ["seed"] = "value: seed of every random decision",
        ["workers"] = "value: worker threads (results do not depend on it)",
        ["pipeline"] = "value: albumentations pipeline file",
        ["images"] = "value: a folder of input images",
        ["count"] = "value: how many items (images a benchmark times per repeat, label maps, generated or evaluated images)",
        ["image"] = "value: one input image",
        ["masks"] = "value: folder of label masks",
        ["mask"] = "value: one label mask",
        ["coco"] = "value: COCO annotation file",
        ["repeat"] = "value: repetitions (augmented copies per image; timed repeats)",
        ["grid"] = "value: rows x columns of a picture grid",
        ["section"] = "value: demo section id (repeatable)",
        ["bench"] = "flag: also run the benchmarks in the demo",
        ["group"] = "value: parity fixture group (repeatable)",
        ["pred"] = "value: predicted label map(s) (file or folder)",
        ["gt"] = "value: ground-truth label map(s) (file or folder)",
        ["classes"] = "value: number of classes",
        ["ignore"] = "value: ignore label",
        ["tolerance"] = "value: boundary-F tolerance in pixels (repeatable)",
        ["ksize"] = "value: SegFix direction filter size",
        ["bins"] = "value: SegFix direction bins",
        ["offsets"] = "value: SegFix offsets .npy to read",
        ["offsets-out"] = "value: SegFix offsets .npy to write",
        ["scale"] = "value: SegFix offset multiplier",
        ["steps"] = "value: refinement steps",
        ["torch113"] = "flag: reproduce the PyTorch >= 1.3 bilinear refinement",
        ["data"] = "value: dataset folder",
        ["synthetic"] = "value: number of seeded synthetic scenes",
        ["epochs"] = "value: training epochs",
        ["batch"] = "value: batch size (samples per step; bench nn: batch sizes to time, repeatable)",
        ["lr"] = "value: peak learning rate",
        ["height"] = "value: rows of generated maps/scenes or crops",
        ["width"] = "value: columns of generated maps/scenes or crops",
        ["model"] = "value: model size or variant name",
        ["max-steps"] = "value: stop after this many training steps",
        ["factor"] = "value: coarse predictor block size",
        ["weights"] = "value: weights file or folder",
        ["vocab"] = "value: CLIP BPE vocabulary file or tokenizer folder",
        ["truncate"] = "flag: cut texts longer than the context length",
        ["context-length"] = "value: token row length",
        ["padded"] = "flag: print zero-padded token rows",
        ["labels"] = "value: comma-separated class labels",
        ["template"] = "value: prompt template with {}",
        ["text-heads"] = "value: CLIP text attention heads",
        ["vision-heads"] = "value: CLIP image attention heads",
        ["limit"] = "value: show at most N rows",
        ["weld-tolerance"] = "value: weld distance",
        ["keep-duplicates"] = "flag: keep duplicate faces",
        ["no-orient"] = "flag: do not orient faces",
        ["target-faces"] = "value: simplification face target",
        ["max-error"] = "value: simplification error bound",
        ["method"] = "value: simplification method; prompt: adaptation method (vpt-deep, vpt-shallow, pad, coop, linear, full, bitfit, …)",
        ["cell-size"] = "value: clustering grid cell",
        ["preserve-boundary"] = "flag: keep boundary vertices",
        ["scheme"] = "value: subdivision scheme",
        ["iterations"] = "value: subdivision steps",
        ["max-faces"] = "value: largest face count an operation may produce",
        ["domain"] = "value: shapes-world visual domain",
        ["start"] = "value: first shapes-world sample index",
        ["models"] = "value: folder of shipped world models",
        ["eval-count"] = "value: held-out scenes for the model card metrics",
        ["transforms"] = "value: benchmarked transform names",
        ["size"] = "value: side of benchmark input images",
        ["batch-all"] = "flag: measure batch mode for every transform",
        ["baseline"] = "value: stored reference figures file",
        ["photos"] = "value: folder of benchmark photos",
        ["clock"] = "value: wall or cpu",
        ["pin-cpu"] = "value: CPU the single-thread timing runs on",
        ["runs"] = "value: timed runs per measurement",
        ["backbone"] = "value: frozen backbone weights file or model folder",
        ["vit"] = "value: ViT architecture name",
        ["checkpoints"] = "value: folder of training checkpoints (resumed when present)",
        ["tokens"] = "value: learned prompt tokens (VPT tokens per layer, CoOp context vectors)",
        ["prompt-size"] = "value: pixel prompt pad width or patch side",
        ["datasets"] = "value: comma-separated bench tasks",
        ["methods"] = "value: comma-separated methods to compare",
        ["shots"] = "value: comma-separated training images per class",
        ["seeds"] = "value: number of seeds per setting",
        ["lr-scale"] = "value: multiplier on default learning rates",
        ["test-count"] = "value: test images per bench task",
        ["task"] = "value: prompt task file (repeatable in prompt apply)",
        ["tasks"] = "value: number of tasks served together",
        ["input"] = "value: one input array file (.npy)",
        ["reference"] = "value: stored reference timings file",
        ["warmup"] = "value: untimed warm-up runs",
        ["leak-model"] = "value: model of the tensor-leak check",
        ["leak-forwards"] = "value: forwards of the tensor-leak check",
        ["threads"] = "value: torch intra-op threads",
        ["pytorch"] = "flag: also time PyTorch",
        ["python"] = "value: Python interpreter",
        ["albumentations"] = "flag: also time albumentations in the same run",
        ["peers"] = "flag: also time the peer libraries (OpenMesh, CGAL) in the same run",
        ["albumentations-src"] = "value: folder holding the albumentations source",
        // diffusion
        ["channels"] = "value: image channels (1 grey, 3 RGB)",
        ["image-size"] = "value: side of the square images a model works at",
        ["unet-width"] = "value: UNet base channels",
        ["res-blocks"] = "value: UNet residual blocks per level",
        ["attention"] = "value: resolutions with self-attention",
        ["dropout"] = "value: dropout probability",
        ["schedule"] = "value: noise schedule name",
        ["diffusion-steps"] = "value: diffusion steps T of the training process",
        ["loss"] = "value: training objective name",
        ["ema"] = "value: decay of the EMA of the weights",
        ["checkpoint-every"] = "value: checkpoint period in steps",
        ["max-images"] = "value: use at most this many input images",
        ["samples"] = "value: number of generated images in a picture",
        ["respacing"] = "value: sampling-step spec (count, section counts or ddimN)",
        ["ddim"] = "flag: DDIM sampling",
        ["eta"] = "value: DDIM stochasticity",
        ["raw-weights"] = "flag: use the raw instead of the EMA weights",
        ["npy"] = "value: .npy file to write",
        ["train"] = "value: folder of labelled training images",
        ["feature-steps"] = "value: diffusion steps of DDPM features",
        ["blocks"] = "value: UNet decoder blocks of DDPM features",
        ["members"] = "value: classifiers in an ensemble",
        ["digits"] = "value: MNIST digit split of Tessera.Data (train, test or all)",
        ["clip"] = "value: CLIP weights a model sits on",
        ["prompt"] = "value: text prompt",
        ["example"] = "value: example image of a visual prompt",
        ["example-mask"] = "value: mask of the example image",
        ["overlay"] = "value: overlay image file or folder to write",
        ["threshold"] = "value: probability threshold of a mask",
        ["soft"] = "flag: write probabilities instead of a thresholded mask",
        ["extract-layers"] = "value: CLIP blocks a decoder reads",
        ["holdout"] = "value: word combinations held out of training and scored apart",
        ["negative-prob"] = "value: probability of a negative sample (phrase swapped, target emptied)",
        ["text-only"] = "flag: condition on text prompts only",
        ["reduce-dim"] = "value: CLIPSeg decoder width D",
        ["refined"] = "flag: CLIPSeg's refined transposed-convolution head",
        ["segfix"] = "flag: also score the output after the shipped SegFix network",
        ["no-score-maps"] = "flag: train the head without DenseCLIP's score maps",
        ["prompting"] = "value: DenseCLIP vision-to-language prompting (post, pre, both)",
        ["score-maps"] = "value: PNG of DenseCLIP's score maps to write",
        ["calls"] = "value: calls of a memory check",
        ["classifier"] = "value: digit classifier folder written by diffusion classifier",
        ["confidence"] = "value: top class probability a sample needs to count as confidently read",
        ["from-scratch"] = "flag: train the same-architecture UNet from scratch on the labels instead of using diffusion features",
    };

    [Fact]
    public void OptionNames_EachHasOneMeaningAndIsAudited()
    {
        var uses = CommandTree.All
            .SelectMany(c => c.Options.SelectMany(o => o.LongNames.Select(n => (Name: n, Command: c.ToString(), Option: o))))
            .GroupBy(u => u.Name, StringComparer.Ordinal)
            .ToList();
        var unaudited = uses.Select(g => g.Key).Where(n => !OptionMeanings.ContainsKey(n)).ToList();
        Assert.True(unaudited.Count == 0, "options missing from the audit (add them with their meaning): " + string.Join(", ", unaudited));
        foreach (var g in uses)
        {
            var kinds = g.Select(u => u.Option.IsFlag).Distinct().ToList();
            Assert.True(kinds.Count == 1, $"--{g.Key} is a flag in some commands and takes a value in others: {string.Join(", ", g.Select(u => u.Command))}");
            Assert.Equal(OptionMeanings[g.Key].StartsWith("flag", StringComparison.Ordinal), kinds[0]);
        }
        // A short name stands for the same long name everywhere.
        var shorts = CommandTree.All.SelectMany(c => c.Options)
            .SelectMany(o => o.ShortNames.Select(s => (Short: s, Long: string.Join('|', o.LongNames))))
            .GroupBy(x => x.Short)
            .Where(g => g.Select(x => x.Long).Distinct().Count() > 1)
            .Select(g => g.Key)
            .ToList();
        Assert.True(shorts.Count == 0, "short options with more than one meaning: " + string.Join(", ", shorts));
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
