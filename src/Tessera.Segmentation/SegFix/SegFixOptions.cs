using Tessera.Core.Errors;

namespace Tessera.Segmentation.SegFix;

/// <summary>
/// Settings of SegFix's ground-truth generation. Defaults are those of openseg.pytorch
/// (<c>lib/datasets/preprocess/cityscapes/dt_offset_generator.py</c> and <c>DTOffsetConfig</c>):
/// 19 classes, 255 = ignore, classes under 100 pixels skipped, 5×5 direction filter, boundary = depth ≤ 5.
/// </summary>
public sealed record SegFixOptions
{
    /// <summary>Number of classes (labels 0..N−1 are classes); at most 255.</summary>
    public int NumClasses { get; init; } = 19;

    /// <summary>Label of ignored pixels (never a class).</summary>
    public int IgnoreLabel { get; init; } = 255;

    /// <summary>Direction filter size: odd, ≥ 3 (the generator's <c>--ksize</c>, default 5; 9 is also used).</summary>
    public int KernelSize { get; init; } = 5;

    /// <summary>Classes with fewer pixels are not processed (distance 0, so always boundary).</summary>
    public int MinClassPixels { get; init; } = 100;

    /// <summary>Boundary when <c>MinDistance ≤ depth ≤ MaxDistance</c> (<c>DTOffsetConfig.max_distance</c>).</summary>
    public int MaxDistance { get; init; } = 5;

    /// <summary>Lower end of the boundary band (<c>DTOffsetConfig.min_distance</c>).</summary>
    public int MinDistance { get; init; }

    /// <summary>Depth is clipped to this before the uint8 cast.</summary>
    public int DepthClip { get; init; } = 250;

    /// <summary>The default options (k = 5).</summary>
    public static SegFixOptions Default { get; } = new();

    /// <summary>Throws unless the options are usable.</summary>
    /// <exception cref="TesseraArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        Guard.That(NumClasses is >= 1 and <= 255, nameof(NumClasses), $"must lie in [1, 255] (got {NumClasses})");
        Guard.That(IgnoreLabel is >= 0 and <= 255 && IgnoreLabel >= NumClasses, nameof(IgnoreLabel),
            $"must be a uint8 value ≥ NumClasses {NumClasses} (got {IgnoreLabel})");
        Guard.That(KernelSize >= 3 && KernelSize % 2 == 1 && KernelSize <= 63, nameof(KernelSize),
            $"must be odd and in [3, 63] (got {KernelSize})");
        Guard.That(MinClassPixels >= 0, nameof(MinClassPixels), $"must be ≥ 0 (got {MinClassPixels})");
        Guard.That(MinDistance >= 0 && MaxDistance >= MinDistance, nameof(MaxDistance),
            $"need 0 ≤ MinDistance ≤ MaxDistance (got {MinDistance}, {MaxDistance})");
        Guard.That(DepthClip is >= 1 and <= 255, nameof(DepthClip), $"must lie in [1, 255] (got {DepthClip})");
    }
}
