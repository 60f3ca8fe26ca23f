using Tessera.Core.Errors;

namespace Tessera.Data.World;

/// <summary>
/// A visual domain of the shapes world: what the backgrounds, textures, lighting, noise and layout look like.
/// Two domains draw the same kinds of objects but with different image statistics (domain shift). The named
/// domains are <see cref="WorldDomains"/>.
/// </summary>
public sealed record WorldDomain
{
    /// <summary>Domain name (lower case, used on the command line).</summary>
    public required string Name { get; init; }

    /// <summary>One-line description.</summary>
    public required string Description { get; init; }

    /// <summary>Fewest objects per scene.</summary>
    public int MinObjects { get; init; } = 1;

    /// <summary>Most objects per scene.</summary>
    public int MaxObjects { get; init; } = 4;

    /// <summary>Relative weights of the background kinds (indexed like <see cref="WorldVocabulary.Backgrounds"/>).</summary>
    public IReadOnlyList<double> BackgroundWeights { get; init; } = [1, 0, 0, 0, 0, 0];

    /// <summary>Relative weights of the fill textures (indexed like <see cref="WorldVocabulary.Textures"/>).</summary>
    public IReadOnlyList<double> TextureWeights { get; init; } = [1, 0, 0, 0];

    /// <summary>Relative weights of the size classes (indexed like <see cref="WorldVocabulary.Sizes"/>).</summary>
    public IReadOnlyList<double> SizeWeights { get; init; } = [1, 1, 1];

    /// <summary>Whether objects may overlap (then each keeps at least <see cref="MinVisibleFraction"/> of its area).</summary>
    public bool AllowOverlap { get; init; }

    /// <summary>Least visible fraction of an object's area under occlusion.</summary>
    public double MinVisibleFraction { get; init; } = 0.35;

    /// <summary>One object near the centre (classification scenes).</summary>
    public bool Centered { get; init; }

    /// <summary>Multiplies every object colour and the background (1 = daylight).</summary>
    public double Lighting { get; init; } = 1.0;

    /// <summary>Added to every pixel after lighting (RGB), e.g. a blue cast at night.</summary>
    public (int R, int G, int B) ColorCast { get; init; }

    /// <summary>Per-channel uniform jitter of object colours (± levels).</summary>
    public int ColorJitter { get; init; } = 10;

    /// <summary>Standard deviation of the Gaussian pixel noise (levels).</summary>
    public double PixelNoise { get; init; }

    /// <summary>Background brightness range (0–255) for flat, gradient and noise backgrounds.</summary>
    public (int Low, int High) BackgroundBrightness { get; init; } = (170, 245);

    /// <summary>Throws unless the settings are consistent.</summary>
    /// <exception cref="TesseraArgumentException">A count, weight list or range is invalid.</exception>
    public void Validate()
    {
        Guard.That(MinObjects >= 1 && MaxObjects >= MinObjects && MaxObjects <= 12, nameof(MaxObjects), $"objects per scene must satisfy 1 ≤ min ≤ max ≤ 12 (got {MinObjects}–{MaxObjects})");
        Guard.That(BackgroundWeights.Count == WorldVocabulary.Backgrounds.Count && BackgroundWeights.All(w => w >= 0) && BackgroundWeights.Sum() > 0,
            nameof(BackgroundWeights), $"needs {WorldVocabulary.Backgrounds.Count} non-negative weights, not all zero");
        Guard.That(TextureWeights.Count == WorldVocabulary.Textures.Count && TextureWeights.All(w => w >= 0) && TextureWeights.Sum() > 0,
            nameof(TextureWeights), $"needs {WorldVocabulary.Textures.Count} non-negative weights, not all zero");
        Guard.That(SizeWeights.Count == WorldVocabulary.Sizes.Count && SizeWeights.All(w => w >= 0) && SizeWeights.Sum() > 0,
            nameof(SizeWeights), $"needs {WorldVocabulary.Sizes.Count} non-negative weights, not all zero");
        Guard.InRange(MinVisibleFraction, 0.05, 1.0);
        Guard.That(Lighting > 0 && Lighting <= 2, nameof(Lighting), $"must lie in (0, 2] (got {Lighting})");
        Guard.That(ColorJitter is >= 0 and <= 64, nameof(ColorJitter), $"must lie in [0, 64] (got {ColorJitter})");
        Guard.That(PixelNoise >= 0 && PixelNoise <= 64, nameof(PixelNoise), $"must lie in [0, 64] (got {PixelNoise})");
        Guard.That(BackgroundBrightness.Low >= 0 && BackgroundBrightness.High <= 255 && BackgroundBrightness.Low <= BackgroundBrightness.High,
            nameof(BackgroundBrightness), "must be a range inside [0, 255]");
    }
}
