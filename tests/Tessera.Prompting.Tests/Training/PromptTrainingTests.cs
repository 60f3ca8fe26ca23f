using Tessera.Nn.Training;
using Tessera.Prompting.Training;
using Tessera.Prompting.Vpt;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.Prompting.Tests.Training;

public sealed class PromptTrainingTests
{
    /// <summary>Two classes that differ by the brightness of the top half: learnable from prompts + head.</summary>
    private static (Tensor Images, Tensor Labels) Data(int n, long seed)
    {
        var images = torch.randn([n, 3, 32, 32], generator: new Generator((ulong)seed)) * 0.3;
        var labels = torch.arange(n) % 2;
        images[.., .., ..16, ..] += (labels.to(ScalarType.Float32) * 2 - 1).reshape(n, 1, 1, 1);
        return (images, labels);
    }

    [Fact]
    public void Train_VptDeep_LearnsAndLeavesTheBackboneUntouched()
    {
        using var vit = Backbones.Vit(depth: 2);
        var before = vit.parameters().Select(p => p.clone()).ToList();
        using var model = new VptClassifier(vit, 32, 2, new VptOptions { NumTokens = 2, Deep = true }, seed: 1);
        var (images, labels) = Data(32, 4);
        var chance = PromptTraining.Accuracy(model, images, labels);

        var result = PromptTraining.Train(model, images, labels, new TrainerOptions { LearningRate = 0.05, Epochs = 15, Seed = 3 }, batchSize: 16);

        var accuracy = PromptTraining.Accuracy(model, images, labels);
        Assert.Equal(30, result.Steps);
        Assert.True(accuracy >= 0.9 && accuracy > chance, $"accuracy {accuracy} (before {chance})");
        Assert.All(vit.parameters().Zip(before), x => Assert.True(TensorAssert.Same(x.First, x.Second)));
    }

    [Fact]
    public void Train_StopAndResume_ContinuesFromTheCheckpoint()
    {
        var dir = Directory.CreateTempSubdirectory("tessera-prompt-train").FullName;
        try
        {
            using var vit = Backbones.Vit(depth: 2);
            var (images, labels) = Data(16, 5);
            using (var first = new VptClassifier(vit, 32, 2, new VptOptions { NumTokens = 2 }, seed: 1))
            {
                var r = PromptTraining.Train(first, images, labels, new TrainerOptions { Epochs = 4, MaxSteps = 3, OutputDirectory = dir, Seed = 2 }, batchSize: 8);
                Assert.Equal(3, r.Steps);
            }
            using var second = new VptClassifier(vit, 32, 2, new VptOptions { NumTokens = 2 }, seed: 1);
            var resumed = PromptTraining.Train(second, images, labels, new TrainerOptions { Epochs = 4, OutputDirectory = dir, Seed = 2 }, batchSize: 8);

            Assert.Equal(3, resumed.ResumedFromStep);
            Assert.Equal(8, resumed.Steps);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
