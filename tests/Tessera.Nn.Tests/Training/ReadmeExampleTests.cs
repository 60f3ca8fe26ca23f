using Tessera.Core.Random;
using Tessera.Nn.Runtime;
using Tessera.Nn.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Tessera.Nn.Tests.Training;

/// <summary>The Training example of src/Tessera.Nn/README.md, kept compiling and working (output folder moved to temp).</summary>
[Collection(TorchRngGroup.Name)]
public sealed class ReadmeExampleTests
{
    [Fact]
    public void ReadmeTrainingExample_RunsAndLearnsAndResumesAsFinished()
    {
        var output = Path.Combine(Path.GetTempPath(), "tessera-readme-train-" + Guid.NewGuid().ToString("N"));
        try
        {
            TorchRuntime.EnsureLoaded();
            torch.manual_seed(0);
            using var model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 1));

            IEnumerable<(Tensor X, Tensor Y)> Epoch(int epoch, IRandom random)
            {
                for (var b = 0; b < 8; b++)
                {
                    var x = torch.tensor(Enumerable.Range(0, 64).Select(_ => (float)random.NextGaussian()).ToArray(), [16, 4]);
                    yield return (x, x.sum(1, keepdim: true));
                }
            }

            var options = new TrainerOptions
            {
                LearningRate = 1e-2,
                Epochs = 10,
                Schedule = new CosineWarmupSchedule(warmupSteps: 8, totalSteps: 80),
                OutputDirectory = output,
            };
            TrainingResult result;
            using (var trainer = new Trainer(model, options))
            {
                result = trainer.Fit<(Tensor X, Tensor Y)>(b => nn.functional.mse_loss(model.forward(b.X), b.Y), Epoch);
            }
            Assert.Equal(80, result.Steps);
            Assert.True(result.Metrics[^1].Loss < 0.2 * result.Metrics[0].Loss);

            // "Run it again and it resumes ... (already finished, so it returns at once)."
            using var again = new Trainer(model, options);
            var second = again.Fit<(Tensor X, Tensor Y)>(b => nn.functional.mse_loss(model.forward(b.X), b.Y), Epoch);
            Assert.Equal(80, second.ResumedFromStep);
            Assert.Equal(80, second.Steps);
            Assert.Equal(80, second.Metrics.Count);
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }
}
