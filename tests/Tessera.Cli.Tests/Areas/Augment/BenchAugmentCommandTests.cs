using System.Text.Json.Nodes;

namespace Tessera.Cli.Tests;

public class BenchAugmentCommandTests
{
    [Fact]
    public void BenchAugment_TwoTransforms_WritesJsonWithBaselineKeys()
    {
        var json = Path.Combine(Directory.CreateTempSubdirectory("tessera-bench").FullName, "bench.json");
        var (code, stdout, stderr) = CliRunner.Run("bench", "augment", "--transforms", "Solarize,TrainPipeline", "--size", "64", "--count", "3", "--repeat", "1",
            "--workers", "1", "--clock", "cpu", "--out", json, "--json");
        Assert.True(code == 0, stderr);
        Assert.Equal(File.ReadAllText(json).Trim(), stdout.Trim());
        var node = JsonNode.Parse(File.ReadAllText(json))!;
        var ips = node["images_per_second"]!.AsObject();
        Assert.Equal(["Solarize", "TrainPipeline"], ips.Select(kv => kv.Key).ToArray());
        Assert.True(ips["Solarize"]!.GetValue<double>() > 0);
        Assert.NotNull(node["ratio_vs_albumentations"]!["TrainPipeline"]);
    }

    [Fact]
    public void BenchAugment_UnknownTransform_BadInput()
    {
        var (code, output) = CliRunner.Run("bench", "augment", "--transforms", "NoSuchThing", "--size", "32", "--count", "1", "--repeat", "1");
        Assert.Equal(TesseraApp.BadInputExitCode, code);
        Assert.Contains("--transforms", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_AugmentPixelSection_DrawsEveryTransform()
    {
        var dir = Path.Combine(Directory.CreateTempSubdirectory("tessera-demo-pixel").FullName, "demo");
        var (code, output) = CliRunner.Run("demo", "--out", dir, "--section", "augment-pixel");
        Assert.True(code == 0, output);
        foreach (var name in new[] { "RandomSunFlare", "CLAHE", "ImageCompression", "Normalize", "ToTensorV2" })
        {
            Assert.True(File.Exists(Path.Combine(dir, "augment-pixel", name + ".png")), name);
        }
    }
}
