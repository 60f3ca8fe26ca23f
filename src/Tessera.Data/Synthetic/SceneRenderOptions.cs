using Tessera.Core.Errors;

namespace Tessera.Data.Synthetic;

/// <summary>Settings of <see cref="SceneRenderer"/>: how far a rendered image is from a flat colouring of its labels.</summary>
public sealed record SceneRenderOptions
{
    /// <summary>Per-scene jitter of each class colour, in levels (uniform ±); 40 by default.</summary>
    public double ColorJitter { get; init; } = 40;

    /// <summary>Amplitude of each class's stripe texture, in levels; 24 by default.</summary>
    public double TextureAmplitude { get; init; } = 24;

    /// <summary>Standard deviation of per-pixel Gaussian noise, in levels; 14 by default.</summary>
    public double NoiseSigma { get; init; } = 14;

    /// <summary>Radius of the box blur applied last (0 = none); 1 by default, so edges are not pixel-sharp.</summary>
    public int BlurRadius { get; init; } = 1;

    /// <summary>The defaults.</summary>
    public static SceneRenderOptions Default { get; } = new();

    /// <summary>Throws unless usable.</summary>
    /// <exception cref="TesseraArgumentException">A value is negative or not finite.</exception>
    public void Validate()
    {
        Guard.That(double.IsFinite(ColorJitter) && ColorJitter >= 0, nameof(ColorJitter), $"must be finite and ≥ 0 (got {ColorJitter})");
        Guard.That(double.IsFinite(TextureAmplitude) && TextureAmplitude >= 0, nameof(TextureAmplitude), $"must be finite and ≥ 0 (got {TextureAmplitude})");
        Guard.That(double.IsFinite(NoiseSigma) && NoiseSigma >= 0, nameof(NoiseSigma), $"must be finite and ≥ 0 (got {NoiseSigma})");
        Guard.That(BlurRadius is >= 0 and <= 8, nameof(BlurRadius), $"must lie in [0, 8] (got {BlurRadius})");
    }
}
