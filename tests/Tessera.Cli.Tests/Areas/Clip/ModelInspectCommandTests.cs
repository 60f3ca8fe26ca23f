using System.Text.Json;
using Tessera.TestSupport;

namespace Tessera.Cli.Tests;

public class ModelInspectCommandTests
{
    [Theory]
    [InlineData("clip", "clip_tiny.safetensors", "Safetensors")]
    [InlineData("clip_formats", "clip_tiny_state_dict.pt", "TorchPickle")]
    [InlineData("clip_formats", "clip_tiny_jit.pt", "TorchScript")]
    public void ModelInspect_Json_ReportsFormatKeysAndParameterCount(string group, string file, string format)
    {
        var (code, output, _) = CliRunner.Run("model", "inspect", SharedFixtures.Get("models", group, file), "--json");

        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(format, doc.RootElement.GetProperty("format").GetString());
        Assert.Equal("CLIP (OpenAi)", doc.RootElement.GetProperty("layout").GetString());
        Assert.Equal(194, doc.RootElement.GetProperty("tensors").GetInt32());
        Assert.Equal(2275137, doc.RootElement.GetProperty("parameters").GetInt64());
        var conv = doc.RootElement.GetProperty("keys").EnumerateArray().Single(k => k.GetProperty("name").GetString() == "visual.conv1.weight");
        Assert.Equal([64, 3, 16, 16], conv.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public void ModelInspect_Table_ListsKeysWithShapes()
    {
        var (code, output) = CliRunner.Run("model", "inspect", SharedFixtures.Get("models", "clip", "clip_tiny.safetensors"));

        Assert.Equal(0, code);
        Assert.Contains("visual.proj", output, StringComparison.Ordinal);
        Assert.Contains("[64, 32]", output, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelInspect_NotAWeightFile_ExitCode2()
    {
        var (code, output) = CliRunner.Run("model", "inspect", SharedFixtures.Get("models", "clip", "manifest.json"));

        Assert.Equal(TesseraApp.BadInputExitCode, code);
        Assert.Contains("error:", output, StringComparison.Ordinal);
    }
}
