using Tessera.Augment.Pipeline;
using Tessera.Augment.Pixel;
using Tessera.Augment.Serialization;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Color;

/// <summary>Parameters of <see cref="ChannelShuffle"/> (the keys of albumentations 1.3.1's replay params).</summary>
/// <param name="ChannelsShuffled">The new channel order (output channel i = input channel order[i]).</param>
public sealed record ChannelShuffleParams(int[] ChannelsShuffled);

/// <summary>Randomly permutes the channels (albumentations <c>ChannelShuffle</c>).</summary>
public sealed class ChannelShuffle : ImageOnlyTransform<ChannelShuffleParams>
{
    /// <summary>Creates the transform.</summary>
    /// <param name="p">Probability.</param>
    /// <param name="alwaysApply">Apply regardless of <paramref name="p"/>.</param>
    public ChannelShuffle(double p = 0.5, bool alwaysApply = false) : base(p, alwaysApply)
    {
    }

    /// <inheritdoc />
    public override string Name => "ChannelShuffle";

    /// <inheritdoc />
    public override ChannelShuffleParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(random);
        var n = context.Image.Channels;
        var order = Enumerable.Range(0, n).ToArray();
        for (var i = n - 1; i > 0; i--)
        {
            var j = random.NextInt(0, i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return new(order);
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, ChannelShuffleParams parameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(parameters);
        return ColorKernels.ShuffleChannels(image, parameters.ChannelsShuffled);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
    }
}
