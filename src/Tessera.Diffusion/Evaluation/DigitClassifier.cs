using Tessera.Core.Errors;
using Tessera.Diffusion.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tessera.Diffusion.Evaluation;

/// <summary>
/// A small CNN digit reader for scoring samples: three 3×3 convolutions (32, 64, 64 channels, each followed by ReLU and
/// 2×2 max-pooling, 32² → 4²), a fully connected layer to <see cref="FeatureDim"/> features with ReLU (the penultimate
/// features the Fréchet distance uses) and a linear layer to the class logits. Input: [N, C, 32, 32] in [−1, 1], the
/// range of the diffusion models' images.
/// </summary>
public sealed class DigitClassifier : nn.Module<Tensor, Tensor>
{
    /// <summary>Image side the network reads.</summary>
    public const int Side = 32;

    private readonly Conv2d conv1;
    private readonly Conv2d conv2;
    private readonly Conv2d conv3;
    private readonly Linear fc;
    private readonly Linear head;

    /// <summary>Builds the network with TorchSharp's default initialisation (seed it with <c>torch.manual_seed</c>).</summary>
    /// <param name="channels">Image channels.</param>
    /// <param name="featureDim">Width of the penultimate layer.</param>
    /// <param name="classes">Number of classes.</param>
    public DigitClassifier(int channels = 1, int featureDim = 64, int classes = 10) : base(ModuleNames.Loaded(nameof(DigitClassifier)))
    {
        Guard.Positive(channels);
        Guard.Positive(featureDim);
        Guard.That(classes >= 2, nameof(classes), $"must be ≥ 2 (got {classes})");
        Channels = channels;
        FeatureDim = featureDim;
        Classes = classes;
        conv1 = nn.Conv2d(channels, 32, 3, padding: 1);
        conv2 = nn.Conv2d(32, 64, 3, padding: 1);
        conv3 = nn.Conv2d(64, 64, 3, padding: 1);
        fc = nn.Linear(64 * 4 * 4, featureDim);
        head = nn.Linear(featureDim, classes);
        RegisterComponents();
    }

    /// <summary>Image channels.</summary>
    public int Channels { get; }

    /// <summary>Width of the penultimate features.</summary>
    public int FeatureDim { get; }

    /// <summary>Number of classes.</summary>
    public int Classes { get; }

    /// <summary>Penultimate features [N, <see cref="FeatureDim"/>] (after the ReLU).</summary>
    /// <param name="images">[N, C, 32, 32] in [−1, 1].</param>
    /// <returns>A new tensor.</returns>
    /// <exception cref="TesseraArgumentException">The images are not [N, C, 32, 32].</exception>
    public Tensor Features(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        Guard.That(images.dim() == 4 && images.shape[1] == Channels && images.shape[2] == Side && images.shape[3] == Side, nameof(images),
            $"must be [N, {Channels}, {Side}, {Side}] (got [{string.Join(", ", images.shape)}])");
        using var scope = NewDisposeScope();
        var x = nn.functional.max_pool2d(nn.functional.relu(conv1.forward(images)), 2);
        x = nn.functional.max_pool2d(nn.functional.relu(conv2.forward(x)), 2);
        x = nn.functional.max_pool2d(nn.functional.relu(conv3.forward(x)), 2);
        return nn.functional.relu(fc.forward(x.flatten(1))).MoveToOuterDisposeScope();
    }

    /// <summary>Class logits from penultimate features.</summary>
    /// <param name="features">[N, <see cref="FeatureDim"/>].</param>
    /// <returns>A new [N, <see cref="Classes"/>] tensor.</returns>
    public Tensor Logits(Tensor features) => head.forward(features);

    /// <summary>Class logits [N, <see cref="Classes"/>] of images [N, C, 32, 32].</summary>
    /// <param name="input">Images in [−1, 1].</param>
    /// <returns>A new tensor.</returns>
    public override Tensor forward(Tensor input)
    {
        using var features = Features(input);
        return Logits(features);
    }
}
