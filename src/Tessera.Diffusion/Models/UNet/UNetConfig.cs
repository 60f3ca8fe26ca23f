using System.Collections.Immutable;
using System.Globalization;
using Tessera.Core.Errors;

namespace Tessera.Diffusion.Models.UNet;

/// <summary>
/// Sizes of the diffusion UNet of openai/improved-diffusion (and guided-diffusion, which adds
/// <see cref="NumHeadChannels"/> and <see cref="ResblockUpdown"/>). Defaults are the reference constructor's.
/// </summary>
public sealed record UNetConfig
{
    /// <summary>Input channels (3 for RGB, 1 for grey).</summary>
    public int InChannels { get; init; } = 3;

    /// <summary>Base channel count (<c>model_channels</c>).</summary>
    public int ModelChannels { get; init; } = 128;

    /// <summary>Output channels: C for ε only, 2C with a learned variance.</summary>
    public int OutChannels { get; init; } = 3;

    /// <summary>Residual blocks per resolution level.</summary>
    public int NumResBlocks { get; init; } = 2;

    /// <summary>Downsample rates (1, 2, 4, …) at which self-attention follows each residual block.</summary>
    public ImmutableArray<int> AttentionResolutions { get; init; } = [];

    /// <summary>Dropout probability inside residual blocks (active in training mode only).</summary>
    public double Dropout { get; init; }

    /// <summary>Channel multiplier per level.</summary>
    public ImmutableArray<int> ChannelMult { get; init; } = [1, 2, 4, 8];

    /// <summary>Learned convolutions for up- and down-sampling (else nearest/average pooling only).</summary>
    public bool ConvResample { get; init; } = true;

    /// <summary>Number of classes for class conditioning, or null.</summary>
    public int? NumClasses { get; init; }

    /// <summary>Attention heads (used when <see cref="NumHeadChannels"/> is −1).</summary>
    public int NumHeads { get; init; } = 1;

    /// <summary>Channels per head (guided-diffusion); −1 uses <see cref="NumHeads"/>.</summary>
    public int NumHeadChannels { get; init; } = -1;

    /// <summary>Heads in the decoder; −1 means <see cref="NumHeads"/>.</summary>
    public int NumHeadsUpsample { get; init; } = -1;

    /// <summary>Residual blocks modulate their second norm by (1 + scale) and shift from the timestep embedding.</summary>
    public bool UseScaleShiftNorm { get; init; }

    /// <summary>Residual blocks do the up- and down-sampling (guided-diffusion's <c>resblock_updown</c>).</summary>
    public bool ResblockUpdown { get; init; }

    /// <summary>The configuration improved-diffusion's <c>create_model</c> builds: channel multipliers chosen by image size
    /// (256: 1,1,2,2,4,4; 64: 1,2,3,4; 32: 1,2,2,2), attention at <c>image_size / r</c> for each r in
    /// <paramref name="attentionResolutions"/>, 3 or 6 (learned sigma) output channels.</summary>
    /// <param name="imageSize">32, 64 or 256 (28 is accepted and treated as 32).</param>
    /// <param name="numChannels">Base channels.</param>
    /// <param name="numResBlocks">Residual blocks per level.</param>
    /// <param name="learnSigma">Output the variance values too.</param>
    /// <param name="attentionResolutions">Comma-separated resolutions, e.g. <c>"16,8"</c>.</param>
    /// <param name="numHeads">Attention heads.</param>
    /// <param name="useScaleShiftNorm">Scale-shift norm in residual blocks.</param>
    /// <param name="dropout">Dropout probability.</param>
    /// <param name="classCond">Number of classes, or null.</param>
    /// <param name="inChannels">Image channels.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="TesseraArgumentException">An unsupported image size or a malformed resolution list.</exception>
    public static UNetConfig ImprovedDiffusion(int imageSize, int numChannels, int numResBlocks, bool learnSigma,
        string attentionResolutions = "16,8", int numHeads = 4, bool useScaleShiftNorm = true, double dropout = 0.0,
        int? classCond = null, int inChannels = 3)
    {
        ArgumentNullException.ThrowIfNull(attentionResolutions);
        ImmutableArray<int> mult = imageSize switch
        {
            256 => [1, 1, 2, 2, 4, 4],
            64 => [1, 2, 3, 4],
            32 or 28 => [1, 2, 2, 2],
            _ => throw new TesseraArgumentException(nameof(imageSize), $"unsupported image size {imageSize} (32, 64 or 256)"),
        };
        var size = imageSize == 28 ? 32 : imageSize;
        var ds = attentionResolutions.Length == 0 ? [] : attentionResolutions.Split(',')
            .Select(s => int.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var r) && r > 0 ? size / r
                : throw new TesseraArgumentException(nameof(attentionResolutions), $"'{attentionResolutions}' must be comma-separated positive resolutions"))
            .ToImmutableArray();
        return new UNetConfig
        {
            InChannels = inChannels,
            ModelChannels = numChannels,
            OutChannels = learnSigma ? 2 * inChannels : inChannels,
            NumResBlocks = numResBlocks,
            AttentionResolutions = ds,
            Dropout = dropout,
            ChannelMult = mult,
            NumClasses = classCond,
            NumHeads = numHeads,
            UseScaleShiftNorm = useScaleShiftNorm,
        };
    }

    /// <summary>Checks every size.</summary>
    /// <exception cref="TesseraArgumentException">A size is not positive, a channel count is not divisible by 32
    /// (GroupNorm) or by the head count, or dropout is outside [0, 1).</exception>
    public void Validate()
    {
        Guard.Positive(InChannels);
        Guard.Positive(OutChannels);
        Guard.Positive(NumResBlocks);
        Guard.That(ModelChannels > 0 && ModelChannels % 32 == 0, nameof(ModelChannels), "must be a positive multiple of 32 (GroupNorm uses 32 groups)");
        Guard.That(ChannelMult.Length > 0 && ChannelMult.All(m => m > 0), nameof(ChannelMult), "must be non-empty and positive");
        Guard.That(Dropout >= 0 && Dropout < 1, nameof(Dropout), "must lie in [0, 1)");
        Guard.That(NumHeads > 0, nameof(NumHeads), "must be positive");
        Guard.That(NumHeadChannels == -1 || NumHeadChannels > 0, nameof(NumHeadChannels), "must be positive or -1");
        Guard.That(NumClasses is null || NumClasses > 0, nameof(NumClasses), "must be positive when set");
    }
}
