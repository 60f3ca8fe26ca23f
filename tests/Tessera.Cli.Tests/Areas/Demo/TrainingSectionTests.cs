namespace Tessera.Cli.Tests.Demo;

[Collection(TorchGlobalState.Name)]
public sealed class TrainingSectionTests
{
    [Fact]
    public void Demo_TrainingSection_ResumedRunEqualsUninterruptedAndPlotsLoss()
    {
        var dir = Path.Combine(Directory.CreateTempSubdirectory("tessera-demo").FullName, "demo");

        var (code, _) = CliRunner.Run("demo", "--out", dir, "--section", "training");

        Assert.Equal(0, code);
        var html = File.ReadAllText(Path.Combine(dir, "index.html"));
        Assert.Contains("<h2>Nn: training loop (checkpoint, cancel, resume)</h2>", html, StringComparison.Ordinal);
        Assert.Contains("bit for bit: yes", html, StringComparison.Ordinal);
        Assert.Contains("resumed from step 20", html, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir, "training", "loss.png")));
        Assert.True(File.Exists(Path.Combine(dir, "training", "resumed", "checkpoint.safetensors")));
    }
}
