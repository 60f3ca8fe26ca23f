using System.Text.Json;

namespace Tessera.Cli.Tests.Areas.Dense;

/// <summary><c>tessera bench clipseg</c> at toy sizes: the report's structure and the counts it checks.</summary>
[Collection(TorchGlobalState.Name)]
public sealed class BenchClipSegCommandTests
{
    [Fact]
    public void BenchClipSeg_MemoryCheck_FolderOf100ImagesRunsTheTextTowerOnce()
    {
        var (code, stdout, stderr) = CliRunner.Run("bench", "clipseg", "--runs", "0", "--calls", "120");

        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(0, doc.RootElement.GetProperty("timing").GetArrayLength());
        var memory = doc.RootElement.GetProperty("memory");
        Assert.Equal(100, memory.GetProperty("folder_images").GetInt32());
        Assert.Equal(1, memory.GetProperty("folder_text_tower_prompts").GetInt32());
        // 120 more calls with the same encoded prompt: still one pass.
        Assert.Equal(1, memory.GetProperty("text_tower_prompts_after_calls").GetInt32());
        Assert.Equal(120, memory.GetProperty("calls").GetInt32());
        var samples = memory.GetProperty("samples").EnumerateArray().ToList();
        Assert.Equal([50, 100, 120], samples.Select(s => s.GetProperty("call").GetInt32()));
        Assert.All(samples, s => Assert.True(s.GetProperty("rss_mb").GetDouble() > 0));
    }

    [Fact]
    public void BenchClipSeg_TimingAtToySize_ReportsTheDecoderShare()
    {
        var (code, stdout, stderr) = CliRunner.Run("bench", "clipseg", "--runs", "1", "--batch", "2", "--size", "32", "--calls", "0");

        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var row = Assert.Single(doc.RootElement.GetProperty("timing").EnumerateArray());
        Assert.Equal(2, row.GetProperty("batch").GetInt32());
        Assert.Equal(32, row.GetProperty("size").GetInt32());
        // At a toy size the two timings are a few milliseconds and jitter: only their presence is checked.
        Assert.True(row.GetProperty("forward_ms_median").GetDouble() > 0);
        Assert.True(row.GetProperty("decoder_share").GetDouble() > 0);
        Assert.Single(row.GetProperty("forward_ms_all").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("memory").ValueKind);
    }

    [Theory]
    [InlineData("--size", "20")]
    [InlineData("--runs", "-1")]
    [InlineData("--calls", "-5")]
    [InlineData("--batch", "0")]
    public void BenchClipSeg_OutOfRange_ErrorNamesTheOption(string option, string value)
    {
        var (code, _, stderr) = CliRunner.Run("bench", "clipseg", option, value);

        Assert.Equal(TesseraApp.BadInputExitCode, code);
        Assert.StartsWith("error:", stderr.Trim(), StringComparison.Ordinal);
        Assert.Contains(option, stderr, StringComparison.Ordinal);
    }
}
