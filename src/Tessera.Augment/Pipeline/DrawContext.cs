using Tessera.Augment.Targets;
using Tessera.Core.Imaging;

namespace Tessera.Augment.Pipeline;

/// <summary>
/// What a transform may look at when it draws its parameters: the image shape and, for transforms whose
/// parameters depend on targets (albumentations <c>targets_as_params</c>), the current targets.
/// </summary>
public sealed class DrawContext
{
    internal DrawContext(WorkingSample sample)
    {
        Image = sample.Image;
        Mask = sample.Mask;
        Masks = sample.Masks;
        Boxes = sample.Boxes;
        Keypoints = sample.Keypoints;
        CroppingBox = sample.CroppingBox;
    }

    /// <summary>Creates a context for an image alone (no other targets).</summary>
    /// <param name="image">The image.</param>
    public DrawContext(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        Image = image;
        Masks = [];
        Boxes = [];
        Keypoints = [];
    }

    /// <summary>The current image.</summary>
    public Image Image { get; }

    /// <summary>The current image shape.</summary>
    public ImageShape Shape => ImageShape.Of(Image);

    /// <summary>The current mask, if any.</summary>
    public Image? Mask { get; }

    /// <summary>The current extra masks.</summary>
    public IReadOnlyList<Image> Masks { get; }

    /// <summary>The current boxes (normalised).</summary>
    public IReadOnlyList<NormalizedBox> Boxes { get; }

    /// <summary>The <c>cropping_bbox</c> target (pixels), if given.</summary>
    public IReadOnlyList<double>? CroppingBox { get; }

    /// <summary>The current keypoints (pixels, radians).</summary>
    public IReadOnlyList<Keypoint> Keypoints { get; }
}
