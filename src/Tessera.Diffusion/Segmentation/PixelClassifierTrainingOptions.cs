namespace Tessera.Diffusion.Segmentation;

/// <summary>Training of the pixel-classifier ensemble (ddpm-segmentation's <c>train_interpreter.py</c> defaults where they
/// apply: Adam lr 1e-3, batch 64, cross-entropy, labels with fewer than 20 pixels in an image ignored).</summary>
public sealed record PixelClassifierTrainingOptions
{
    /// <summary>Ensemble size (the paper uses 10).</summary>
    public int Members { get; init; } = 10;

    /// <summary>Passes over the labelled images (features are recomputed per pass; nothing is cached).</summary>
    public int Epochs { get; init; } = 4;

    /// <summary>Pixels per optimiser step.</summary>
    public int PixelBatch { get; init; } = 64;

    /// <summary>Adam learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Label value that is never trained on.</summary>
    public long IgnoreLabel { get; init; } = 255;

    /// <summary>A class with fewer pixels than this in an image is ignored in that image.</summary>
    public int MinLabelPixels { get; init; } = 20;

    /// <summary>Seed of initialisation and pixel order.</summary>
    public long Seed { get; init; }
}
