using Tessera.Augment.Targets;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;

namespace Tessera.Augment.Pipeline;

/// <summary>
/// A transform that changes geometry, so it applies to images, masks, boxes and keypoints alike
/// (albumentations <c>DualTransform</c>). Boxes and keypoints reach it in the internal formats
/// (<see cref="NormalizedBox"/>, <see cref="Keypoint"/>) with the shape of the image before the transform.
/// </summary>
/// <typeparam name="TParams">The parameter record.</typeparam>
public abstract class DualTransform<TParams> : BasicTransform<TParams> where TParams : class
{
    private protected DualTransform(double p, bool alwaysApply) : base(p, alwaysApply) { }

    /// <summary>Applies the transform to an image. Returns a new image; the input is not changed.</summary>
    /// <param name="image">The image.</param>
    /// <param name="parameters">The parameters.</param>
    /// <returns>A new, owned image.</returns>
    public abstract Image ApplyToImage(Image image, TParams parameters);

    /// <summary>Applies the transform to a label mask (nearest neighbour). Default: as <see cref="ApplyToImage"/>.</summary>
    /// <param name="mask">The mask.</param>
    /// <param name="parameters">The parameters.</param>
    /// <returns>A new, owned mask.</returns>
    public virtual Image ApplyToMask(Image mask, TParams parameters) => ApplyToImage(mask, parameters);

    /// <summary>Applies the transform to one box. Default: not supported (as in albumentations 1.3.1).</summary>
    /// <param name="box">The box (normalised by <paramref name="shape"/>).</param>
    /// <param name="parameters">The parameters.</param>
    /// <param name="shape">The image shape before the transform.</param>
    /// <returns>The box, normalised by the output shape.</returns>
    /// <exception cref="TesseraArgumentException">The transform does not support boxes.</exception>
    public virtual NormalizedBox ApplyToBox(NormalizedBox box, TParams parameters, ImageShape shape)
        => throw new TesseraArgumentException("bboxes", $"{Name} does not support bounding boxes (as in albumentations 1.3.1)");

    /// <summary>Applies the transform to one keypoint. Default: not supported.</summary>
    /// <param name="keypoint">The keypoint.</param>
    /// <param name="parameters">The parameters.</param>
    /// <param name="shape">The image shape before the transform.</param>
    /// <returns>The moved keypoint.</returns>
    /// <exception cref="TesseraArgumentException">The transform does not support keypoints.</exception>
    public virtual Keypoint ApplyToKeypoint(Keypoint keypoint, TParams parameters, ImageShape shape)
        => throw new TesseraArgumentException("keypoints", $"{Name} does not support keypoints (as in albumentations 1.3.1)");

    /// <summary>Applies the transform to all boxes (default: each box by <see cref="ApplyToBox"/>).</summary>
    /// <param name="boxes">The boxes.</param>
    /// <param name="parameters">The parameters.</param>
    /// <param name="shape">The image shape before the transform.</param>
    /// <returns>The new boxes.</returns>
    public virtual IReadOnlyList<NormalizedBox> ApplyToBoxes(IReadOnlyList<NormalizedBox> boxes, TParams parameters, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(boxes);
        var result = new NormalizedBox[boxes.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = ApplyToBox(boxes[i], parameters, shape);
        }
        return result;
    }

    /// <summary>Applies the transform to all keypoints (default: each by <see cref="ApplyToKeypoint"/>).</summary>
    /// <param name="keypoints">The keypoints.</param>
    /// <param name="parameters">The parameters.</param>
    /// <param name="shape">The image shape before the transform.</param>
    /// <returns>The new keypoints.</returns>
    public virtual IReadOnlyList<Keypoint> ApplyToKeypoints(IReadOnlyList<Keypoint> keypoints, TParams parameters, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(keypoints);
        var result = new Keypoint[keypoints.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = ApplyToKeypoint(keypoints[i], parameters, shape);
        }
        return result;
    }

    /// <summary>Keypoint hook with access to the whole sample (labels); default: <see cref="ApplyToKeypoints"/>.</summary>
    internal virtual IReadOnlyList<Keypoint> ApplyToKeypointsInSample(WorkingSample sample, IReadOnlyList<Keypoint> keypoints, TParams parameters, ImageShape shape)
        => ApplyToKeypoints(keypoints, parameters, shape);

    internal sealed override void ApplyTo(WorkingSample sample, TParams parameters)
    {
        var shape = sample.Shape;
        if (sample.HasBoxes && (SupportsBoxes || sample.Boxes.Count > 0))
        {
            sample.Boxes = [.. ApplyToBoxes(sample.Boxes, parameters, shape)];
        }
        if (sample.HasKeypoints && (SupportsKeypoints || sample.Keypoints.Count > 0))
        {
            sample.Keypoints = [.. ApplyToKeypointsInSample(sample, sample.Keypoints, parameters, shape)];
        }
        var image = sample.Image;
        sample.Image = ApplyToImage(image, parameters);
        sample.Retire(image, sample.Image);
        if (sample.Mask is { } mask)
        {
            sample.Mask = ApplyToMask(mask, parameters);
            sample.Retire(mask, sample.Mask);
        }
        for (var i = 0; i < sample.Masks.Count; i++)
        {
            var m = sample.Masks[i];
            sample.Masks[i] = ApplyToMask(m, parameters);
            sample.Retire(m, sample.Masks[i]);
        }
        foreach (var key in sample.ExtraImages.Keys.ToList())
        {
            var m = sample.ExtraImages[key];
            sample.ExtraImages[key] = ApplyToImage(m, parameters);
            sample.Retire(m, sample.ExtraImages[key]);
        }
        foreach (var key in sample.ExtraMasks.Keys.ToList())
        {
            var m = sample.ExtraMasks[key];
            sample.ExtraMasks[key] = ApplyToMask(m, parameters);
            sample.Retire(m, sample.ExtraMasks[key]);
        }
    }
}
