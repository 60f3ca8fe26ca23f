using Tessera.Core.Errors;
using Tessera.Diffusion.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tessera.Diffusion.Segmentation;

/// <summary>
/// The MLP pixel classifier of yandex-research/ddpm-segmentation (<c>src/pixel_classifier.pixel_classifier</c>):
/// <c>Linear(D,128)-ReLU-BN(128)-Linear(128,32)-ReLU-BN(32)-Linear(32,K)</c> for K &lt; 30 classes, else
/// <c>Linear(D,256)-ReLU-BN(256)-Linear(256,128)-ReLU-BN(128)-Linear(128,K)</c>. Keys <c>layers.0.weight</c>,
/// <c>layers.2.running_var</c>, … as the reference's <c>state_dict()</c>.
/// </summary>
public sealed class PixelClassifier : nn.Module<Tensor, Tensor>
{
    private readonly Sequential layers;

    /// <summary>Creates a classifier with TorchSharp's default initialisation.</summary>
    /// <param name="numClasses">K ≥ 2.</param>
    /// <param name="featureDim">D, the per-pixel feature width.</param>
    /// <exception cref="TesseraArgumentException">A size is out of range.</exception>
    public PixelClassifier(int numClasses, int featureDim) : base(ModuleNames.Loaded(nameof(PixelClassifier)))
    {
        Guard.That(numClasses >= 2, nameof(numClasses), "at least 2 classes are required");
        Guard.Positive(featureDim);
        NumClasses = numClasses;
        FeatureDim = featureDim;
        var (h1, h2) = numClasses < 30 ? (128, 32) : (256, 128);
        layers = nn.Sequential(
            ("0", nn.Linear(featureDim, h1)),
            ("1", nn.ReLU()),
            ("2", nn.BatchNorm1d(h1)),
            ("3", nn.Linear(h1, h2)),
            ("4", nn.ReLU()),
            ("5", nn.BatchNorm1d(h2)),
            ("6", nn.Linear(h2, numClasses)));
        RegisterComponents();
    }

    /// <summary>K.</summary>
    public int NumClasses { get; }

    /// <summary>D.</summary>
    public int FeatureDim { get; }

    /// <summary>Re-initialises like the reference's <c>init_weights()</c> (init_type "normal", gain 0.02):
    /// Linear weights ~ N(0, 0.02²), biases 0; BatchNorm layers keep their defaults.</summary>
    /// <param name="seed">Seed of the draw.</param>
    public void InitWeights(long seed)
    {
        using var noGrad = no_grad();
        using var generator = new Generator((ulong)seed);
        foreach (var (name, p) in named_parameters())
        {
            var isLinear = name is "layers.0.weight" or "layers.3.weight" or "layers.6.weight";
            var isLinearBias = name is "layers.0.bias" or "layers.3.bias" or "layers.6.bias";
            if (isLinear) { p.normal_(0, 0.02, generator); }
            else if (isLinearBias) { p.zero_(); }
        }
    }

    /// <summary>Class logits for a batch of pixel features.</summary>
    /// <param name="input">[P, D].</param>
    /// <returns>A new [P, K] tensor.</returns>
    public override Tensor forward(Tensor input) => layers.forward(input);
}
