using System.Text.Json;
using Tessera.Data.World;
using Tessera.Imaging;

namespace Tessera.Cli.Tests.Areas.Dense;

/// <summary>clipseg train/eval and denseclip train/eval on a tiny generated world with the shipped tiny world CLIP.</summary>
[Collection(TorchGlobalState.Name)]
public sealed class DenseTrainingCommandsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tessera-dense-train-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string WorldClip()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "models", "world-clip-tiny");
            if (Directory.Exists(candidate)) { return candidate; }
        }
        throw new DirectoryNotFoundException("models/world-clip-tiny");
    }

    private string World(int count, ulong seed)
    {
        var dir = Path.Combine(_dir, "world-" + seed);
        WorldWriter.Write(new ShapesWorld(new WorldOptions { Domain = WorldDomains.Clean, Size = 32, Seed = seed }), count, dir, maxDegreeOfParallelism: 2);
        return dir;
    }

    [Fact]
    public void ClipSegTrainThenEvalAndSegment_WorldData_WritesADecoderThatScoresAndSegments()
    {
        var train = World(12, 1);
        var test = World(6, 2);
        var outDir = Path.Combine(_dir, "clipseg");

        var (code, stdout, stderr) = CliRunner.Run("clipseg", "train", "--data", train, "--clip", WorldClip(), "--out", outDir, "--max-steps", "4", "--batch", "4",
            "--reduce-dim", "16", "--holdout", "red circle,blue square", "--seed", "3");

        Assert.True(code == 0, stderr);
        var decoder = Path.Combine(outDir, "clipseg-decoder.safetensors");
        Assert.Equal(decoder, stdout.Trim());
        Assert.True(File.Exists(Path.Combine(outDir, "card.json")));
        Assert.True(File.Exists(Path.Combine(outDir, "metrics.csv")));

        var (evalCode, evalOut, evalErr) = CliRunner.Run("clipseg", "eval", "--data", test, "--clip", WorldClip(), "--weights", decoder,
            "--holdout", "red circle,blue square", "--segfix", "--json");
        Assert.True(evalCode == 0, evalErr);
        using var doc = JsonDocument.Parse(evalOut);
        var rows = doc.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Contains(rows, r => r.GetProperty("split").GetString() == "all" && r.GetProperty("prompt").GetString() == "text" && !r.GetProperty("segfix").GetBoolean());
        Assert.Contains(rows, r => r.GetProperty("segfix").GetBoolean());
        Assert.All(rows, r => Assert.InRange(r.GetProperty("fg_iou").ValueKind == JsonValueKind.Number ? r.GetProperty("fg_iou").GetDouble() : 0, 0, 1));

        // The exported decoder loads into `tessera segment` on the same CLIP (vocabulary found in the CLIP folder).
        var mask = Path.Combine(_dir, "mask.png");
        var (segCode, _, segErr) = CliRunner.Run("segment", "--clip", WorldClip(), "--weights", decoder, "--extract-layers", "0,1,2",
            "--image", Path.Combine(test, "images", "000000.png"), "--prompt", "the circle", "--out", mask, "--size", "32");
        Assert.True(segCode == 0, segErr);
        using var written = ImageFile.Read(mask);
        Assert.Equal((32, 32), (written.Height, written.Width));
    }

    [Theory]
    [InlineData("post")]
    [InlineData("pre")]
    [InlineData("both")]
    public void DenseClipTrainThenEval_WorldData_ScoresAndWritesScoreMaps(string prompting)
    {
        var train = World(8, 3);
        var outDir = Path.Combine(_dir, "denseclip");

        var (code, stdout, stderr) = CliRunner.Run("denseclip", "train", "--data", train, "--clip", WorldClip(), "--out", outDir, "--max-steps", "3", "--batch", "4", "--seed", "1",
            "--prompting", prompting);

        Assert.True(code == 0, stderr);
        var weights = stdout.Trim();
        Assert.True(File.Exists(weights), stdout);
        var picture = Path.Combine(_dir, "scores.png");
        var (evalCode, evalOut, evalErr) = CliRunner.Run("denseclip", "eval", "--data", train, "--clip", WorldClip(), "--weights", weights, "--score-maps", picture, "--json");
        Assert.True(evalCode == 0, evalErr);
        using var doc = JsonDocument.Parse(evalOut);
        Assert.True(doc.RootElement.GetProperty("score_maps").GetBoolean());
        // The mode travels in the weights file: eval rebuilds the same model without being told.
        Assert.Equal(prompting, doc.RootElement.GetProperty("prompting").GetString());
        using var card = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "card.json")));
        Assert.Equal(prompting, card.RootElement.GetProperty("prompting").GetString());
        using var strip = ImageFile.Read(picture);
        Assert.Equal((32, 9 * 34), (strip.Height, strip.Width));
    }

    [Theory]
    [InlineData("sideways")]
    [InlineData("pre", "--no-score-maps")]
    public void DenseClipTrain_BadPrompting_ExitCode2NamingTheOption(string prompting, string? extra = null)
    {
        string[] args = ["denseclip", "train", "--data", Path.Combine(_dir, "nope"), "--clip", WorldClip(), "--out", Path.Combine(_dir, "o"), "--prompting", prompting];
        var (code, output) = CliRunner.Run(extra is null ? args : [.. args, extra]);
        Assert.Equal(TesseraApp.BadInputExitCode, code);
        Assert.Contains("--prompting", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "o")));
    }

    [Fact]
    public void ClipSegTrain_MissingData_ExitCode2NamingTheOption()
    {
        var (code, output) = CliRunner.Run("clipseg", "train", "--data", Path.Combine(_dir, "nope"), "--clip", WorldClip(), "--out", Path.Combine(_dir, "o"));
        Assert.Equal(TesseraApp.BadInputExitCode, code);
        Assert.Contains("--data", output, StringComparison.Ordinal);
    }

    [Fact]
    public void DenseClipEval_WeightsFromAnotherCommand_ExitCode2()
    {
        var train = World(2, 4);
        var other = Path.Combine(_dir, "other.safetensors");
        File.Copy(Path.Combine(WorldClip(), "model.safetensors"), other);
        var (code, output) = CliRunner.Run("denseclip", "eval", "--data", train, "--clip", WorldClip(), "--weights", other);
        Assert.Equal(TesseraApp.BadInputExitCode, code);
        Assert.Contains("--weights", output, StringComparison.Ordinal);
    }

    [Fact]
    public void DenseClipTrain_ClipWithOpenHeadCount_ExitCode2NamingTheHeadOption()
    {
        // The fixture's tiny CLIP has a text width of 32: its head count is not implied by the weights. Before the
        // shared CLIP settings, denseclip had no --text-heads and its error named the library's "transformerHeads".
        var train = World(2, 5);
        var clip = Tessera.TestSupport.SharedFixtures.Get("models", "clip", "clip_tiny.safetensors");
        var vocab = Tessera.TestSupport.SharedFixtures.Get("models", "clip_tokenizer", "bpe_simple_vocab_16e6.txt.gz");
        var outDir = Path.Combine(_dir, "heads");
        var (code, output) = CliRunner.Run("denseclip", "train", "--data", train, "--clip", clip, "--vocab", vocab, "--out", outDir, "--max-steps", "1");
        Assert.Equal(TesseraApp.BadInputExitCode, code);
        Assert.Contains("error: --text-heads:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("transformerHeads", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir));
    }
}
