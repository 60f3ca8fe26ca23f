using System.Text.Json;

namespace Tessera.Cli.Tests.Areas.World;

public sealed class WorldPretrainCommandTests
{
    [Fact]
    public void Pretrain_TinyVitRun_WritesWeightsCardMetricsAndALossPicture()
    {
        var dir = Directory.CreateTempSubdirectory("tessera-cli-pretrain-").FullName;
        try
        {
            var result = CliRunner.Run("world", "pretrain", "--model", "vit", "--out", dir, "--steps", "2", "--batch", "4", "--eval-count", "10", "--json");

            Assert.Equal(0, result.ExitCode);
            using var doc = JsonDocument.Parse(result.Out);
            Assert.Equal(2, doc.RootElement.GetProperty("steps").GetInt32());
            foreach (var f in new[] { "model.safetensors", "card.md", "card.json", "metrics.csv", "loss.png" })
            {
                Assert.True(File.Exists(Path.Combine(dir, f)), f);
            }
            var png = File.ReadAllBytes(Path.Combine(dir, "loss.png"));
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
            Assert.Contains("--steps 2", File.ReadAllText(Path.Combine(dir, "card.md")), StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(dir, "training")));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData("--steps", "0")]
    [InlineData("--batch", "0")]
    [InlineData("--lr", "0")]
    [InlineData("--threads", "0")]
    [InlineData("--eval-count", "5")]
    [InlineData("--model", "resnet")]
    public void Pretrain_BadOption_OneErrorLineNamingIt_Exit2(string option, string value)
    {
        var args = new List<string> { "world", "pretrain", "--out", Path.Combine(Path.GetTempPath(), "tessera-never-written") };
        if (option != "--model") { args.AddRange(["--model", "vit"]); }
        args.AddRange([option, value]);

        var result = CliRunner.Run([.. args]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error:", result.Err.Trim(), StringComparison.Ordinal);
        Assert.Contains(option, result.Err, StringComparison.Ordinal);
        Assert.Single(result.Err.Trim().Split('\n'));
        foreach (var parameter in new[] { "Steps", "BatchSize", "LearningRate", "Threads", "EvaluationCount" })
        {
            Assert.DoesNotContain(parameter, result.Err, StringComparison.Ordinal);
        }
        Assert.False(Directory.Exists(Path.Combine(Path.GetTempPath(), "tessera-never-written")));
    }
}
