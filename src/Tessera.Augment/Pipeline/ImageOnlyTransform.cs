using Tessera.Augment.Targets;
using Tessera.Core.Imaging;

namespace Tessera.Augment.Pipeline;

/// <summary>
/// A transform that changes only images (the image and additional image targets); masks, boxes and
/// keypoints pass through unchanged (albumentations <c>ImageOnlyTransform</c>).
/// </summary>
/// <typeparam name="TParams">The parameter record.</typeparam>
public abstract class ImageOnlyTransform<TParams> : BasicTransform<TParams> where TParams : class
{
    private protected ImageOnlyTransform(double p, bool alwaysApply) : base(p, alwaysApply) { }

    /// <summary>Applies the transform to an image with fixed parameters. Returns a new image; the input is not changed.</summary>
    /// <param name="image">The image.</param>
    /// <param name="parameters">The parameters (from <see cref="BasicTransform{TParams}.DrawParams"/> or a replay).</param>
    /// <returns>A new, owned image.</returns>
    public abstract Image ApplyToImage(Image image, TParams parameters);

    internal sealed override void ApplyTo(WorkingSample sample, TParams parameters)
    {
        var image = sample.Image;
        sample.Image = ApplyToImage(image, parameters);
        sample.Retire(image, sample.Image);
        foreach (var key in sample.ExtraImages.Keys.ToList())
        {
            var m = sample.ExtraImages[key];
            sample.ExtraImages[key] = ApplyToImage(m, parameters);
            sample.Retire(m, sample.ExtraImages[key]);
        }
    }
}
