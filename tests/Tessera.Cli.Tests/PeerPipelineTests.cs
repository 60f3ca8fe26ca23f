using Tessera.Core.Arrays;
using Tessera.TestSupport;

namespace Tessera.Cli.Tests;

/// <summary>
/// albumentations 1.3.1's own serialized test pipelines (its <c>tests/files/</c>, in both the v1.1.0 full-class-path
/// format and the v2 short-name format, with and without ToTensorV2) load and run in <c>tessera augment run</c>.
/// </summary>
public class PeerPipelineTests
{
    public static TheoryData<string> PipelineFiles => new()
    {
        "transform_v1.1.0_with_totensor.json",
        "transform_v1.1.0_without_totensor.json",
        "transform_serialization_v2_with_totensor.json",
        "transform_serialization_v2_without_totensor.json",
    };

    [Theory]
    [MemberData(nameof(PipelineFiles))]
    public void AugmentRun_AlbumentationsTestPipeline_WritesFloatArrays(string file)
    {
        var pipeline = Path.Combine(SharedFixtures.Shared, "reference", "albumentations-1.3.1-tests-files", file);
        var dir = Path.Combine(Path.GetTempPath(), $"tessera-peer-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(dir, "imgs"));
        try
        {
            File.Copy(SharedFixtures.Get("augment", "inputs", "astronaut_200x300.png"), Path.Combine(dir, "imgs", "a.png"));
            var (code, output) = CliRunner.Run("augment", "run", "--pipeline", pipeline, "--images", Path.Combine(dir, "imgs"),
                "--out", Path.Combine(dir, "out"), "--seed", "3", "--repeat", "4");
            Assert.True(code == 0, output);
            var arrays = Directory.GetFiles(Path.Combine(dir, "out"), "*.npy").Order(StringComparer.Ordinal).ToList();
            Assert.Equal(4, arrays.Count);
            var withTensor = file.Contains("with_totensor", StringComparison.Ordinal);
            foreach (var f in arrays)
            {
                var a = Npy.Read(f);
                Assert.Equal(DType.Float32, a.DType);
                Assert.Equal(3, a.Shape.Count);
                // ToTensorV2 → CHW; otherwise HWC (the pipelines end in a 3-channel Normalize)
                Assert.Equal(3, withTensor ? a.Shape[0] : a.Shape[2]);
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
