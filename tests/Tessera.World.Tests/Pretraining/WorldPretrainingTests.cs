using Tessera.Core.Errors;
using Tessera.World.Models;
using Tessera.World.Pretraining;

namespace Tessera.World.Tests.Pretraining;

public class WorldPretrainingTests
{
    [Fact]
    public void Run_Vit_WritesModelCardAndResumesFromItsCheckpoint()
    {
        var dir = Directory.CreateTempSubdirectory("tessera-pretrain-").FullName;
        try
        {
            var options = new WorldPretrainOptions
            {
                OutputDirectory = dir, Steps = 2, BatchSize = 8, EvaluationCount = 10, CheckpointEvery = 1, KeepTrainingState = true, Command = "test",
            };
            var first = WorldPretraining.Run(options);
            Assert.False(first.Cancelled);
            Assert.Equal(2, first.Steps);
            foreach (var f in new[] { "model.safetensors", "card.md", "card.json", "metrics.csv" }) { Assert.True(File.Exists(Path.Combine(dir, f)), f); }
            Assert.Contains("accuracy", first.Metrics.Keys);
            using (var model = WorldModels.LoadVit(dir)) { Assert.Equal(56, model.Config.NumClasses); }
            var resumed = WorldPretraining.Run(options with { Steps = 3, KeepTrainingState = false });
            Assert.Equal(2, resumed.ResumedFromStep);
            Assert.Equal(3, resumed.Steps);
            Assert.False(Directory.Exists(Path.Combine(dir, "training")));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Run_Cancelled_LeavesACheckpointAndNoModel()
    {
        var dir = Directory.CreateTempSubdirectory("tessera-pretrain-").FullName;
        try
        {
            using var cts = new CancellationTokenSource();
            cts.Cancel();
            var r = WorldPretraining.Run(new WorldPretrainOptions { OutputDirectory = dir, Steps = 5, BatchSize = 4, EvaluationCount = 10 }, null, cts.Token);
            Assert.True(r.Cancelled);
            Assert.Null(r.WeightsPath);
            Assert.False(File.Exists(Path.Combine(dir, "model.safetensors")));
            Assert.True(File.Exists(Path.Combine(dir, "training", "checkpoint.safetensors")));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Run_Clip_OneStepWritesVocabularyAndLoadableModel()
    {
        var dir = Directory.CreateTempSubdirectory("tessera-pretrain-clip-").FullName;
        try
        {
            var r = WorldPretraining.Run(new WorldPretrainOptions
            {
                Model = WorldModelKind.Clip, OutputDirectory = dir, Steps = 1, BatchSize = 8, EvaluationCount = 10, VocabularySource = ShippedModels.ClipVocabulary,
            });
            Assert.Contains("zero_shot_color_accuracy", r.Metrics.Keys);
            using var clip = WorldModels.LoadClip(dir);
            Assert.Equal(WorldModels.ImageSize, clip.Model.Config.ImageResolution);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Options_Invalid_ThrowNamingTheOption()
    {
        Assert.Contains("Steps", Assert.Throws<TesseraArgumentException>(() => WorldPretraining.Run(new WorldPretrainOptions { OutputDirectory = "x", Steps = 0 })).Message);
        Assert.Contains("VocabularySource", Assert.Throws<TesseraArgumentException>(() =>
            WorldPretraining.Run(new WorldPretrainOptions { OutputDirectory = "x", Model = WorldModelKind.Clip })).Message);
    }
}
