using Tessera.Augment.Pipeline;
using Tessera.Augment.Pixel;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Color;

/// <summary>Parameters of <see cref="ChannelDropout"/> (the keys of albumentations 1.3.1's replay params).</summary>
/// <param name="ChannelsToDrop">Channels set to the fill value.</param>
public sealed record ChannelDropoutParams(int[] ChannelsToDrop);

/// <summary>Fills randomly chosen channels with a value (albumentations <c>ChannelDropout</c>).</summary>
public sealed class ChannelDropout : ImageOnlyTransform<ChannelDropoutParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="channelDropRange">Range of the number of dropped channels (<c>channel_drop_range</c>, default (1, 1)).</param>
    /// <param name="fillValue">Value of dropped channels (<c>fill_value</c>).</param>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public ChannelDropout((int Low, int High)? channelDropRange = null, double fillValue = 0, double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
        Guard.That(channelDropRange is null || (channelDropRange.Value.Low >= 1 && channelDropRange.Value.Low <= channelDropRange.Value.High), nameof(channelDropRange), "must satisfy 1 ≤ low ≤ high");
        ChannelDropRange = channelDropRange ?? (1, 1);
        FillValue = fillValue;
    }

    /// <summary>Range of the number of dropped channels (<c>channel_drop_range</c>, default (1, 1)).</summary>
    public (int Low, int High) ChannelDropRange { get; }

    /// <summary>Value of dropped channels (<c>fill_value</c>).</summary>
    public double FillValue { get; }

    /// <inheritdoc />
    public override string Name => "ChannelDropout";

    /// <inheritdoc />
    public override ChannelDropoutParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        var n = context.Image.Channels;
        Guard.That(context.Image.Rank == 3 && n > 1, "image", "ChannelDropout needs an image with more than one channel");
        Guard.That(ChannelDropRange.High < n, "channel_drop_range", $"upper bound must be below the channel count {n}");
        var k = random.NextInt(ChannelDropRange.Low, ChannelDropRange.High + 1);
        var pool = Enumerable.Range(0, n).ToList();
        var drop = new int[k];
        for (var i = 0; i < k; i++)
        {
            var j = random.NextInt(0, pool.Count);
            drop[i] = pool[j];
            pool.RemoveAt(j);
        }
        return new(drop);
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, ChannelDropoutParams parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(parameters);
        return ColorKernels.DropChannels(image, parameters.ChannelsToDrop, FillValue);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        writer.Add("channel_drop_range", ChannelDropRange);
        writer.Add("fill_value", FillValue);
    }
}
