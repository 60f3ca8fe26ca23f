using System.Text.Json;
using Tessera.Core.Arrays;
using Tessera.Nn.Models.Vit;
using Tessera.Nn.Weights;
using TorchSharp;

namespace Tessera.Cli.Tests;

[Collection(TorchGlobalState.Name)]
public sealed class PromptCommandsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tessera-cli-prompt").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (string Backbone, string Data) Setup()
    {
        torch.manual_seed(5);
        using var vit = new VisionTransformer(VitConfig.Tiny with { NumClasses = 0 });
        var backbone = Path.Combine(_dir, "vit.safetensors");
        CheckpointWriter.Save(backbone, vit);
        var data = Directory.CreateDirectory(Path.Combine(_dir, "data")).FullName;
        var rng = new Random(3);
        var n = 12;
        var pixels = new float[n * 3 * 32 * 32];
        var labels = new long[n];
        for (var i = 0; i < n; i++)
        {
            labels[i] = i % 3;
            for (var k = 0; k < 3 * 32 * 32; k++) { pixels[(i * 3 * 32 * 32) + k] = (float)(rng.NextDouble() - 0.5 + (labels[i] * 0.5)); }
        }
        Npy.Write(Path.Combine(data, "images.npy"), NdArray.FromArray<float>(pixels, n, 3, 32, 32));
        Npy.Write(Path.Combine(data, "labels.npy"), NdArray.FromArray<long>(labels, n));
        return (backbone, data);
    }

    [Fact]
    public void TrainEvalApply_VptDeepOnTinyVit_WritesATaskAndAnswersWithIt()
    {
        var (backbone, data) = Setup();
        var task = Path.Combine(_dir, "task.safetensors");

        var train = CliRunner.Run("prompt", "train", "--method", "vpt-deep", "--backbone", backbone, "--vit", "tiny", "--data", data,
            "--out", task, "--tokens", "2", "--epochs", "2", "--batch", "6", "--checkpoints", Path.Combine(_dir, "ckpt"));
        Assert.True(train.ExitCode == 0, train.Output);
        Assert.True(File.Exists(task));
        Assert.Contains("stored", train.Err, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_dir, "ckpt", "checkpoint.safetensors")));

        var eval = CliRunner.Run("prompt", "eval", "--task", task, "--backbone", backbone, "--vit", "tiny", "--data", data, "--json");
        Assert.True(eval.ExitCode == 0, eval.Output);
        using var doc = JsonDocument.Parse(eval.Out);
        Assert.Equal(12, doc.RootElement.GetProperty("samples").GetInt32());

        var apply = CliRunner.Run("prompt", "apply", "--task", task, "--task", task, "--backbone", backbone, "--vit", "tiny", "--input", Path.Combine(data, "images.npy"));
        Assert.True(apply.ExitCode == 0, apply.Output);
        Assert.Equal(24, apply.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Eval_OtherBackbone_ExitCode2NamingIt()
    {
        var (backbone, data) = Setup();
        var task = Path.Combine(_dir, "task.safetensors");
        Assert.Equal(0, CliRunner.Run("prompt", "train", "--method", "vpt-shallow", "--backbone", backbone, "--vit", "tiny", "--data", data,
            "--out", task, "--tokens", "1", "--epochs", "1").ExitCode);
        torch.manual_seed(99);
        using (var other = new VisionTransformer(VitConfig.Tiny with { NumClasses = 0 }))
        {
            CheckpointWriter.Save(Path.Combine(_dir, "other.safetensors"), other);
        }

        var (code, output) = CliRunner.Run("prompt", "eval", "--task", task, "--backbone", Path.Combine(_dir, "other.safetensors"), "--vit", "tiny", "--data", data);

        Assert.Equal(TesseraApp.BadInputExitCode, code);
        Assert.Contains("other.safetensors", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_ZeroShot_ExitCode2NamingTheMethod()
    {
        var (backbone, data) = Setup();
        var (code, output) = CliRunner.Run("prompt", "train", "--method", "zero-shot", "--backbone", backbone, "--vit", "tiny", "--data", data, "--out", Path.Combine(_dir, "z.safetensors"));
        Assert.Equal(TesseraApp.BadInputExitCode, code);
        Assert.Contains("--method", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "z.safetensors")));
    }

    [Fact]
    public void Train_UnknownMethod_ExitCode2ListingTheMethods()
    {
        var (code, output) = CliRunner.Run("prompt", "train", "--method", "lora", "--backbone", "x", "--data", "y", "--out", "z");
        Assert.Equal(TesseraApp.BadInputExitCode, code);
        Assert.Contains("bitfit", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("linear")]
    [InlineData("bitfit")]
    [InlineData("full")]
    [InlineData("vpt-shallow")]
    public void TrainEvalApply_VitBaselines_WriteTasksThatEvalAndApplyLoad(string method)
    {
        var (backbone, data) = Setup();
        var task = Path.Combine(_dir, method + ".safetensors");
        var train = CliRunner.Run("prompt", "train", "--method", method, "--backbone", backbone, "--vit", "tiny", "--data", data, "--out", task, "--epochs", "2", "--batch", "6");
        Assert.True(train.ExitCode == 0, train.Output);
        Assert.Contains(method, train.Err, StringComparison.Ordinal);

        var eval = CliRunner.Run("prompt", "eval", "--task", task, "--backbone", backbone, "--vit", "tiny", "--data", data, "--json");
        Assert.True(eval.ExitCode == 0, eval.Output);
        using var doc = JsonDocument.Parse(eval.Out);
        Assert.Equal(method, doc.RootElement.GetProperty("method").GetString());
        var stored = doc.RootElement.GetProperty("stored").GetInt64();
        var backboneValues = doc.RootElement.GetProperty("backbone").GetInt64();
        Assert.True(method == "full" ? stored > backboneValues / 2 : stored < backboneValues / 10, $"{stored} of {backboneValues}");

        // A full/BitFit task next to a VPT task: each gets its own backbone copy, and both answer every image.
        var vpt = Path.Combine(_dir, "vpt.safetensors");
        Assert.Equal(0, CliRunner.Run("prompt", "train", "--method", "vpt-deep", "--backbone", backbone, "--vit", "tiny", "--data", data, "--out", vpt, "--tokens", "1", "--epochs", "1").ExitCode);
        var apply = CliRunner.Run("prompt", "apply", "--task", task, "--task", vpt, "--backbone", backbone, "--vit", "tiny", "--input", Path.Combine(data, "images.npy"));
        Assert.True(apply.ExitCode == 0, apply.Output);
        var lines = apply.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(24, lines.Length);
        Assert.Contains(lines, l => l.Contains($"\"method\":\"{method}\"", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("pad")]
    [InlineData("fixed-patch")]
    [InlineData("random-patch")]
    [InlineData("coop")]
    public void TrainEval_ClipMethods_OnTheShippedWorldClip(string method)
    {
        var clip = WorldClipFolder();
        var data = ClipData();
        var task = Path.Combine(_dir, method + ".safetensors");
        var train = CliRunner.Run("prompt", "train", "--method", method, "--backbone", clip, "--data", data, "--out", task, "--epochs", "1", "--batch", "6",
            "--tokens", "2", "--prompt-size", "3", "--checkpoints", Path.Combine(_dir, "ckpt-" + method));
        Assert.True(train.ExitCode == 0, train.Output);
        Assert.True(File.Exists(Path.Combine(_dir, "ckpt-" + method, "checkpoint.safetensors")));

        var eval = CliRunner.Run("prompt", "eval", "--task", task, "--backbone", clip, "--data", data, "--json");
        Assert.True(eval.ExitCode == 0, eval.Output);
        using var doc = JsonDocument.Parse(eval.Out);
        Assert.Equal(method, doc.RootElement.GetProperty("method").GetString());
        Assert.Equal(12, doc.RootElement.GetProperty("samples").GetInt32());
    }

    [Fact]
    public void Eval_ZeroShotOnTheWorldClip_ReadsClassesTxtAndScores()
    {
        var (code, stdout, stderr) = CliRunner.Run("prompt", "eval", "--method", "zero-shot", "--backbone", WorldClipFolder(), "--data", ClipData(), "--template", "a {}", "--json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal("zero-shot", doc.RootElement.GetProperty("method").GetString());
        Assert.Equal(0, doc.RootElement.GetProperty("stored").GetInt64());
    }

    [Fact]
    public void Eval_ClipTaskOnAVit_ExitCode2()
    {
        var (backbone, data) = Setup();
        var task = Path.Combine(_dir, "pad.safetensors");
        Assert.Equal(0, CliRunner.Run("prompt", "train", "--method", "pad", "--backbone", WorldClipFolder(), "--data", ClipData(), "--out", task, "--epochs", "1").ExitCode);

        var (code, output) = CliRunner.Run("prompt", "eval", "--task", task, "--backbone", backbone, "--vit", "tiny", "--data", data);

        Assert.Equal(TesseraApp.BadInputExitCode, code);
        Assert.Contains("backbone", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_Cancelled_WritesNoTaskAndResumesFromTheCheckpoint()
    {
        var (backbone, data) = Setup();
        var task = Path.Combine(_dir, "cancel.safetensors");
        var ckpt = Path.Combine(_dir, "ckpt-cancel");
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var (code, _, _) = CliRunner.RunWith(["prompt", "train", "--method", "bitfit", "--backbone", backbone, "--vit", "tiny", "--data", data, "--out", task,
            "--epochs", "3", "--batch", "6", "--checkpoints", ckpt], cancellationToken: cts.Token);
        Assert.Equal(130, code);
        Assert.False(File.Exists(task));

        var resumed = CliRunner.Run("prompt", "train", "--method", "bitfit", "--backbone", backbone, "--vit", "tiny", "--data", data, "--out", task,
            "--epochs", "3", "--batch", "6", "--checkpoints", ckpt);
        Assert.True(resumed.ExitCode == 0, resumed.Output);
        Assert.True(File.Exists(task));
        Assert.Contains("6 steps", resumed.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_TinyRun_WritesTableJsonAndPlots()
    {
        var models = Tessera.World.Models.WorldModels.FindModelsDirectory()!;
        var outDir = Path.Combine(_dir, "bench");
        var (code, stdout, stderr) = CliRunner.Run("prompt", "bench", "--models", models, "--out", outDir, "--datasets", "labels,counting",
            "--methods", "linear,vpt-deep,zero-shot,coop,pad", "--shots", "1,2", "--seeds", "2", "--max-steps", "2", "--test-count", "12");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "results.json")));
        var runs = doc.RootElement.GetProperty("runs");
        Assert.Equal(2 * (1 + (2 * 2 * 4)), runs.GetArrayLength()); // per task: zero-shot once, 4 trained methods × 2 shots × 2 seeds
        Assert.All(runs.EnumerateArray(), r => Assert.InRange(r.GetProperty("accuracy").GetDouble(), 0, 1));
        Assert.Contains("| vpt-deep | world-vit-tiny |", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(outDir, "bench-labels.png")) && File.Exists(Path.Combine(outDir, "bench-counting.png")));
        Assert.Equal(File.ReadAllText(Path.Combine(outDir, "results.md")).Trim(), stdout.Trim());
    }

    private static string WorldClipFolder() =>
        Path.Combine(Tessera.World.Models.WorldModels.FindModelsDirectory()!, Tessera.World.Models.WorldModels.ClipFolder);

    /// <summary>12 images at 32² normalised roughly like CLIP, 3 classes named in classes.txt.</summary>
    private string ClipData()
    {
        var (_, data) = Setup();
        File.WriteAllLines(Path.Combine(data, "classes.txt"), ["circle", "square", "triangle"]);
        return data;
    }

    [Fact]
    public void StepBench_Tiny_KeepsNoGradientForTheBackbone()
    {
        var (code, stdout, stderr) = CliRunner.Run("prompt", "step-bench", "--vit", "tiny", "--batch", "4", "--runs", "1", "--tokens", "2", "--json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(0, doc.RootElement.GetProperty("backbone_grad_bytes").GetInt64());
        Assert.Equal(doc.RootElement.GetProperty("trainable").GetInt64() * 4, doc.RootElement.GetProperty("prompt_grad_bytes").GetInt64());
        Assert.True(doc.RootElement.GetProperty("ratio").GetDouble() > 0);
    }

    [Fact]
    public void ServeBench_TwoTasks_PrintsRatioJson()
    {
        var (code, stdout, _) = CliRunner.Run("prompt", "serve-bench", "--tasks", "2", "--batch", "4", "--runs", "1", "--tokens", "2", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        Assert.True(doc.RootElement.GetProperty("ratio").GetDouble() > 0);
    }
}
