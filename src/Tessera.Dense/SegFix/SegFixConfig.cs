using Tessera.Core.Errors;

namespace Tessera.Dense.SegFix;

/// <summary>
/// Hyper-parameters of <see cref="SegFixNet"/> and its preprocessing facts. Named variants are data:
/// <see cref="Small"/> (the CPU default) and <see cref="Tiny"/> (tests).
/// </summary>
/// <remarks>
/// openseg.pytorch's SegFix uses HRNet-W48 (720 concatenated channels at 1/4 resolution). Tessera keeps the head
/// structure of <c>lib/models/nets/segfix.py</c> (1×1 conv without bias → BN → ReLU → 1×1 classifier without bias, for
/// a 2-way boundary mask and an m-way direction map, on the concatenation of all backbone branches upsampled to the
/// finest one) and replaces the backbone with a small strided conv-BN-ReLU cascade so training fits in minutes on a CPU.
/// </remarks>
public sealed record SegFixConfig
{
    /// <summary>Input channels (3 for RGB).</summary>
    public int InChannels { get; init; } = 3;

    /// <summary>
    /// Channels of each backbone stage. Stage 0 is the stem (stride 2); every further stage halves the resolution
    /// again. All stage outputs are upsampled to stage 0's size and concatenated, like HRNet's final representation.
    /// </summary>
    public IReadOnlyList<int> StageChannels { get; init; } = [24, 48, 96];

    /// <summary>Extra stride-1 3×3 conv-BN-ReLU blocks after each stage's strided block.</summary>
    public int BlocksPerStage { get; init; } = 1;

    /// <summary>Width of the branches' 1×1 conv (openseg: 256).</summary>
    public int MidChannels { get; init; } = 256;

    /// <summary>Direction bins m: 4, 8 (openseg's default) or 16.</summary>
    public int Bins { get; init; } = 8;

    /// <summary>Per-channel mean of the input after scaling pixels to [0, 1] (ImageNet's, as openseg).</summary>
    public IReadOnlyList<float> Mean { get; init; } = [0.485f, 0.456f, 0.406f];

    /// <summary>Per-channel standard deviation of the input after scaling pixels to [0, 1] (ImageNet's).</summary>
    public IReadOnlyList<float> Std { get; init; } = [0.229f, 0.224f, 0.225f];

    /// <summary>The CPU default: stages 24/48/96 (strides 2/4/8), 256-channel branches, 8 bins (about 0.2 M parameters).</summary>
    public static SegFixConfig Small { get; } = new();

    /// <summary>
    /// Like <see cref="Small"/> but with 64-channel branches (about 4× cheaper heads): the variant Tessera's results and its
    /// committed demo weights use, trained on a shared 2-core CPU.
    /// </summary>
    public static SegFixConfig Compact { get; } = new() { MidChannels = 64 };

    /// <summary>A very small variant for tests and quick demos: stages 8/16, 16-channel branches, 8 bins.</summary>
    public static SegFixConfig Tiny { get; } = new() { StageChannels = [8, 16], MidChannels = 16 };

    /// <summary>Channels of the concatenated backbone output the branches read.</summary>
    public int FeatureChannels => StageChannels.Sum();

    /// <summary>Throws unless the configuration is usable.</summary>
    /// <exception cref="TesseraArgumentException">A value is out of range (named).</exception>
    public void Validate()
    {
        Guard.That(InChannels >= 1, nameof(InChannels), $"must be ≥ 1 (got {InChannels})");
        Guard.That(StageChannels is { Count: >= 1 and <= 5 } && StageChannels.All(c => c >= 1), nameof(StageChannels),
            "must hold 1 to 5 positive channel counts");
        Guard.That(BlocksPerStage is >= 0 and <= 8, nameof(BlocksPerStage), $"must lie in [0, 8] (got {BlocksPerStage})");
        Guard.That(MidChannels >= 1, nameof(MidChannels), $"must be ≥ 1 (got {MidChannels})");
        Guard.That(Bins is 4 or 8 or 16, nameof(Bins), $"must be 4, 8 or 16 (got {Bins})");
        Guard.That(Mean is not null && Mean.Count == InChannels, nameof(Mean), $"must hold InChannels = {InChannels} values");
        Guard.That(Std is not null && Std.Count == InChannels && Std.All(s => s > 0 && float.IsFinite(s)), nameof(Std),
            $"must hold InChannels = {InChannels} positive values");
    }
}
