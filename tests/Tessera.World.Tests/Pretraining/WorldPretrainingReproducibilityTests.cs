using Tessera.World.Models;
using Tessera.World.Pretraining;

namespace Tessera.World.Tests.Pretraining;

/// <summary>
/// The shipped models must be the output of <c>tessera world pretrain</c>: the same options and seed give the same weights,
/// byte for byte, on this machine kind (one libtorch thread, the AVX2 kernel level Tessera.Nn selects). libtorch's
/// thread count is process-wide, so this class runs alone: another test class changing it mid-run changes the rounding.
/// </summary>
[Collection(RunsAlone.Name)]
public class WorldPretrainingReproducibilityTests
{
    [Theory]
    [InlineData(WorldModelKind.Vit)]
    [InlineData(WorldModelKind.Clip)]
    public void Run_SameSeedTwice_SameWeightsBytes_OtherSeedDiffers(WorldModelKind kind)
    {
        var root = Directory.CreateTempSubdirectory("tessera-pretrain-repro-").FullName;
        try
        {
            byte[] Weights(string name, ulong seed)
            {
                var dir = Path.Combine(root, name);
                var r = WorldPretraining.Run(new WorldPretrainOptions
                {
                    Model = kind, OutputDirectory = dir, Steps = 3, BatchSize = 8, EvaluationCount = 10, Seed = seed,
                    VocabularySource = kind == WorldModelKind.Clip ? ShippedModels.ClipVocabulary : null,
                });
                Assert.False(r.Cancelled);
                return File.ReadAllBytes(Path.Combine(dir, "model.safetensors"));
            }

            var a = Weights("a", 5);
            var b = Weights("b", 5);
            var c = Weights("c", 6);
            Assert.True(a.AsSpan().SequenceEqual(b), "two runs with seed 5 wrote different weights");
            Assert.False(a.AsSpan().SequenceEqual(c), "seeds 5 and 6 wrote the same weights: the seed is not used");
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }
}
