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
    public void BenchAugment_PinCpu_RecordsTheCpuAndStillRunsTheBatchOnEveryCpu()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "--pin-cpu is Linux only");
        var cpu = Environment.ProcessorCount - 1;
        var (code, stdout, stderr) = CliRunner.Run("bench", "augment", "--transforms", "TrainPipeline", "--size", "64", "--count", "3", "--repeat", "1",
            "--workers", "2", "--pin-cpu", cpu.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
        Assert.True(code == 0, stderr);
        var node = JsonNode.Parse(stdout)!;
        Assert.Contains($"CPU {cpu} only", node["header"]!["pinned_cpu"]!.GetValue<string>(), StringComparison.Ordinal);
        var batch = node["batch"]!["TrainPipeline"]!;
        var batchIps = batch["images_per_second"]!.GetValue<double>();
        Assert.True(batchIps > 0);
        // one thread was also timed on every CPU, and the second speed-up divides by their mean
        var perCpu = batch["single_thread_per_cpu"]!.AsArray().Select(x => x!.GetValue<double>()).ToArray();
        Assert.Equal(Environment.ProcessorCount, perCpu.Length);
        Assert.All(perCpu, x => Assert.True(x > 0));
        // (a median of per-round ratios: with one round it is that round's ratio, the medians of one value each)
        Assert.Equal(batchIps / perCpu.Average(), batch["speedup_vs_single_thread_cpu_mean"]!.GetValue<double>(), 0.01 * batchIps / perCpu.Average());
    }

    [Theory]
    [InlineData("-2")]
    [InlineData("4096")]
    public void BenchAugment_PinCpu_OutOfRange_BadInput(string cpu)
    {
        var (code, stdout, stderr) = CliRunner.Run("bench", "augment", "--transforms", "Solarize", "--size", "32", "--count", "1", "--repeat", "1", "--pin-cpu", cpu);
        Assert.Equal(TesseraApp.BadInputExitCode, code);
        Assert.Equal("", stdout);
        Assert.StartsWith("error: --pin-cpu: must be -1 or a CPU number", stderr.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void BenchAugment_UnknownTransform_BadInput()
    {
        var (code, output) = CliRunner.Run("bench", "augment", "--transforms", "NoSuchThing", "--size", "32", "--count", "1", "--repeat", "1");
        Assert.Equal(TesseraApp.BadInputExitCode, code);
        Assert.Contains("--transforms", output, StringComparison.Ordinal);
    }

    [Fact]
    public void BenchAugment_Albumentations_SourceWithoutPackage_NamesTheOption()
    {
        var empty = Directory.CreateTempSubdirectory("tessera-no-alb").FullName;
        var (code, stdout, stderr) = CliRunner.Run("bench", "augment", "--albumentations", "--albumentations-src", empty, "--transforms", "Solarize",
            "--size", "32", "--count", "1", "--repeat", "1");
        Assert.Equal(TesseraApp.BadInputExitCode, code);
        Assert.Equal("", stdout);
        Assert.StartsWith("error: --albumentations-src: ", stderr.Trim(), StringComparison.Ordinal);
        Assert.Contains("albumentations package", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void BenchAugment_SourceWithoutAlbumentationsFlag_IsRejected()
    {
        var (code, _, stderr) = CliRunner.Run("bench", "augment", "--albumentations-src", "/tmp", "--transforms", "Solarize", "--size", "32", "--count", "1");
        Assert.Equal(TesseraApp.BadInputExitCode, code);
        Assert.StartsWith("error: --albumentations-src: is used only with --albumentations", stderr.Trim(), StringComparison.Ordinal);
    }

    /// <summary>The real albumentations (ALBUMENTATIONS_SRC) timed beside Tessera: every ratio is Tessera ÷ the same-run
    /// albumentations figure, round by round. Skipped, by name, without the source.</summary>
    [Fact]
    public void BenchAugment_Albumentations_SameRunRatios()
    {
        var source = Environment.GetEnvironmentVariable("ALBUMENTATIONS_SRC");
        Assert.SkipWhen(string.IsNullOrEmpty(source) || !File.Exists("/usr/bin/python3"),
            "ALBUMENTATIONS_SRC is not set (see shared/reference/README.md): bench augment --albumentations was not run");
        var (code, stdout, stderr) = CliRunner.Run("bench", "augment", "--albumentations", "--transforms", "HorizontalFlip,Solarize", "--size", "64",
            "--count", "4", "--repeat", "2", "--workers", "1", "--json");
        Assert.True(code == 0, stderr);
        var node = JsonNode.Parse(stdout)!;
        Assert.Equal("1.3.1", node["header"]!["albumentations_same_run"]!["albumentations"]!.GetValue<string>());
        Assert.NotNull(node["header"]!["load_average_at_start"]);
        foreach (var name in new[] { "HorizontalFlip", "Solarize" })
        {
            var tessera = node["images_per_second"]![name]!.GetValue<double>();
            var peer = node["albumentations_images_per_second"]![name]!.GetValue<double>();
            var stored = node["albumentations_stored_images_per_second"]![name]!.GetValue<double>();
            Assert.True(peer > 0, name);
            Assert.NotEqual(stored, peer);
            // both figures are rounded to 0.1 img/s in the JSON
            Assert.InRange(node["ratio_vs_albumentations"]![name]!.GetValue<double>() - (tessera / peer), -0.002, 0.002);
            Assert.Equal(2, node["albumentations_images_per_second_per_round"]![name]!.AsArray().Count);
            Assert.Equal(2, node["ratio_per_round"]![name]!.AsArray().Count);
        }
        Assert.Contains("timed in this run", stderr, StringComparison.Ordinal);
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
