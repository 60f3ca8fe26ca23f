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
    public void Train_MethodNotInTheCli_ExitCode2()
    {
        var (code, output) = CliRunner.Run("prompt", "train", "--method", "coop", "--backbone", "x", "--data", "y", "--out", "z");
        Assert.Equal(TesseraApp.BadInputExitCode, code);
        Assert.Contains("--method", output, StringComparison.Ordinal);
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
