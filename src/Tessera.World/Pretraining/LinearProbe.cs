using Tessera.Core.Errors;
using TorchSharp;
using static TorchSharp.torch;

namespace Tessera.World.Pretraining;

/// <summary>A linear probe: multinomial logistic regression on frozen features (full batch, Adam, fixed seed).</summary>
public static class LinearProbe
{
    /// <summary>Fits a linear classifier on <paramref name="trainFeatures"/> and returns its accuracy on the test features.</summary>
    /// <param name="trainFeatures">Features <c>[N, D]</c>.</param>
    /// <param name="trainLabels">Labels <c>[N]</c> (int64, in [0, classes)).</param>
    /// <param name="testFeatures">Features <c>[M, D]</c>.</param>
    /// <param name="testLabels">Labels <c>[M]</c>.</param>
    /// <param name="classes">Number of classes.</param>
    /// <param name="steps">Optimizer steps (default 300).</param>
    /// <param name="seed">Initialisation seed.</param>
    /// <returns>Test accuracy in [0, 1].</returns>
    /// <exception cref="TesseraArgumentException">Shapes disagree.</exception>
    public static double Accuracy(Tensor trainFeatures, Tensor trainLabels, Tensor testFeatures, Tensor testLabels, int classes, int steps = 300, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(trainFeatures);
        ArgumentNullException.ThrowIfNull(trainLabels);
        ArgumentNullException.ThrowIfNull(testFeatures);
        ArgumentNullException.ThrowIfNull(testLabels);
        Guard.That(trainFeatures.dim() == 2 && testFeatures.dim() == 2 && trainFeatures.shape[1] == testFeatures.shape[1], nameof(testFeatures), "features must be [N, D] with the same D");
        Guard.That(trainLabels.shape[0] == trainFeatures.shape[0] && testLabels.shape[0] == testFeatures.shape[0], nameof(trainLabels), "one label per feature row");
        using var scope = torch.NewDisposeScope();
        var mean = trainFeatures.mean([0], keepdim: true);
        var std = trainFeatures.std(0, keepdim: true) + 1e-6;
        var x = ((trainFeatures - mean) / std).detach();
        var xt = ((testFeatures - mean) / std).detach();
        using var gen = new Generator((ulong)seed);
        var w = new TorchSharp.Modules.Parameter(torch.randn([x.shape[1], classes], generator: gen) * 0.01);
        var b = new TorchSharp.Modules.Parameter(torch.zeros(classes));
        using var optimizer = torch.optim.Adam([w, b], 0.01, weight_decay: 1e-4);
        for (var i = 0; i < steps; i++)
        {
            using var step = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(x.matmul(w) + b, trainLabels);
            loss.backward();
            optimizer.step();
        }
        using var noGrad = torch.no_grad();
        var predicted = (xt.matmul(w) + b).argmax(1);
        return predicted.eq(testLabels).to(ScalarType.Float64).mean().item<double>();
    }
}
