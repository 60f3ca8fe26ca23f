using Tessera.Augment.Common;
using Tessera.Augment.Pipeline;
using Tessera.Augment.Serialization;
using Tessera.Augment.Targets;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;
using Tessera.Core.Random;

namespace Tessera.Augment.Geometric;

/// <summary>
/// Rescales so that the longest side (or, for <see cref="SmallestMaxSize"/>, the smallest side) equals the
/// chosen size, keeping the aspect ratio; new sides are rounded half to even as Python's <c>round</c>.
/// </summary>
public abstract class MaxSizeBase : DualTransform<MaxSizeParams>
{
    private readonly Func<int, int, int> _side;

    private protected MaxSizeBase(IReadOnlyList<int> maxSize, Interpolation interpolation, double p, bool alwaysApply, Func<int, int, int> side) : base(p, alwaysApply)
    {
        ArgumentNullException.ThrowIfNull(maxSize);
        Guard.That(maxSize.Count > 0 && maxSize.All(x => x > 0), nameof(maxSize), "must be one or more positive sizes");
        MaxSize = maxSize;
        Interpolation = CvFlags.CheckInterpolation(interpolation, nameof(interpolation));
        _side = side;
    }

    /// <summary>Candidate sizes (one is chosen uniformly per application).</summary>
    public IReadOnlyList<int> MaxSize { get; }

    /// <summary>Interpolation flag.</summary>
    public Interpolation Interpolation { get; }

    /// <inheritdoc />
    public override MaxSizeParams DrawParams(DrawContext context, IRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return new MaxSizeParams(MaxSize.Count == 1 ? MaxSize[0] : MaxSize[random.NextInt(0, MaxSize.Count)]);
    }

    /// <inheritdoc />
    public override Image ApplyToImage(Image image, MaxSizeParams parameters) => Scale(image, parameters, Interpolation);

    /// <inheritdoc />
    public override Image ApplyToMask(Image mask, MaxSizeParams parameters) => Scale(mask, parameters, 0);

    /// <inheritdoc />
    public override NormalizedBox ApplyToBox(NormalizedBox box, MaxSizeParams parameters, ImageShape shape) => box;

    /// <inheritdoc />
    public override Keypoint ApplyToKeypoint(Keypoint keypoint, MaxSizeParams parameters, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var s = parameters.MaxSize / (double)_side(shape.Height, shape.Width);
        return GeometricKernels.KeypointScale(keypoint, s, s);
    }

    internal override void WriteTransformArgs(ArgWriter writer)
    {
        if (MaxSize.Count == 1)
        {
            writer.Add("max_size", MaxSize[0]);
        }
        else
        {
            writer.AddFill("max_size", MaxSize.Select(x => (double)x).ToArray());
        }
        writer.Add("interpolation", Interpolation);
    }

    private Image Scale(Image image, MaxSizeParams p, Interpolation interpolation)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(p);
        var scale = p.MaxSize / (double)_side(image.Width, image.Height);
        if (scale == 1.0)
        {
            return image.Clone();
        }
        var h = (int)Math.Round(image.Height * scale, MidpointRounding.ToEven);
        var w = (int)Math.Round(image.Width * scale, MidpointRounding.ToEven);
        return CvImage.Resize(image, Math.Max(1, h), Math.Max(1, w), interpolation);
    }
}
