using System.Text.Json;
using Tessera.Augment.Color;
using Tessera.Augment.Geometric;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Targets;
using Tessera.Data.Streaming;
using Tessera.Data.World;

namespace Tessera.Cli.Tests.Areas.World;

public sealed class BenchWorldCommandTests
{
    [Fact]
    public void BenchWorld_Tiny_ReportsGenerationPerDomainAndTheDataWait()
    {
        var result = CliRunner.Run("bench", "world", "--count", "16", "--size", "32", "--steps", "2", "--batch", "4", "--workers", "2", "--json");

        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Out);
        var root = doc.RootElement;
        var domains = root.GetProperty("generation").GetProperty("domains");
        Assert.Equal(WorldDomains.All.Count, domains.EnumerateObject().Count());
        foreach (var d in domains.EnumerateObject())
        {
            Assert.True(d.Value.GetProperty("seconds_one_thread").GetDouble() > 0, d.Name);
        }
        var wait = root.GetProperty("data_wait");
        Assert.Equal(2, wait.GetProperty("steps").GetInt32());
        Assert.InRange(wait.GetProperty("wait_share").GetDouble(), 0, 1);
        Assert.True(wait.GetProperty("step_seconds_mean").GetDouble() > 0);
    }

    [Theory]
    [InlineData("--count", "0")]
    [InlineData("--batch", "0")]
    [InlineData("--steps", "-1")]
    public void BenchWorld_OutOfRange_ErrorNamesTheOption(string option, string value)
    {
        var result = CliRunner.Run("bench", "world", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error:", result.Err.Trim(), StringComparison.Ordinal);
        Assert.Contains(option, result.Err, StringComparison.Ordinal);
    }

    /// <summary>The loader with a real augmentation pipeline inside: the same pixels for 1 and 3 workers under a seed.</summary>
    [Fact]
    public void BatchLoader_WithAugmentPipeline_SameBatchesForAnyWorkerCount()
    {
        var world = new ShapesWorld(new WorldOptions { Domain = WorldDomains.Classify, Size = 32, Seed = 5 });
        var pipeline = new Compose([new HorizontalFlip(p: 0.5), new RandomBrightnessContrast(p: 0.9), new Rotate(limit: (-30, 30), p: 0.5)]);
        byte[] Load(int index, Tessera.Core.Random.IRandom random)
        {
            using var sample = pipeline.Apply(new Sample { Image = world.Generate(index).ToImage() }, random);
            return sample.Image!.Pixels<byte>().ToArray();
        }
        List<byte[]> Run(int workers) => [.. BatchLoader.Epoch(24, Load, new BatchLoaderOptions { BatchSize = 5, Workers = workers, Seed = 9 }).SelectMany(b => b.Samples)];

        var one = Run(1);
        var three = Run(3);
        var unaugmented = Enumerable.Range(0, 24).Select(i => world.Generate(i).ToImage().Pixels<byte>().ToArray()).ToList();

        Assert.Equal(24, one.Count);
        Assert.Equal(one, three);
        // The pipeline really ran: most samples differ from the generated scene (shuffled order aside, compare as sets).
        var plain = unaugmented.Select(Convert.ToBase64String).ToHashSet();
        Assert.True(one.Count(p => !plain.Contains(Convert.ToBase64String(p))) >= 12);
    }
}
