using Tessera.Core.Errors;

namespace Tessera.Data.Synthetic;

/// <summary>Settings of <see cref="ShapeScenes"/>.</summary>
public sealed record ShapeSceneOptions
{
    /// <summary>Rows (≥ 8).</summary>
    public int Height { get; init; } = 128;

    /// <summary>Columns (≥ 8).</summary>
    public int Width { get; init; } = 128;

    /// <summary>Number of classes; class 0 is the background, shapes use 1..N−1 (2..255).</summary>
    public int NumClasses { get; init; } = 6;

    /// <summary>Number of shapes painted over the background.</summary>
    public int Shapes { get; init; } = 8;

    /// <summary>Label of ignored pixels (used by <see cref="IgnoreFraction"/>).</summary>
    public byte IgnoreLabel { get; init; } = 255;

    /// <summary>Probability that a scene gets one ignore blob (0 = never).</summary>
    public double IgnoreFraction { get; init; }

    /// <summary>Throws unless usable.</summary>
    /// <exception cref="TesseraArgumentException">Out-of-range value.</exception>
    public void Validate()
    {
        Guard.That(Height >= 8 && Width >= 8, nameof(Height), $"scene must be at least 8×8 (got {Height}×{Width})");
        Guard.That(NumClasses is >= 2 and <= 255, nameof(NumClasses), $"must lie in [2, 255] (got {NumClasses})");
        Guard.That(Shapes >= 0, nameof(Shapes), $"must be ≥ 0 (got {Shapes})");
        Guard.That(IgnoreLabel >= NumClasses, nameof(IgnoreLabel), $"must be ≥ NumClasses (got {IgnoreLabel})");
        Guard.InRange(IgnoreFraction, 0, 1);
    }
}
