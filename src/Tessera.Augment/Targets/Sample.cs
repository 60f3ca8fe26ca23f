using Tessera.Core.Imaging;

namespace Tessera.Augment.Targets;

/// <summary>
/// One input or output of a pipeline: an image and, optionally, a mask, more masks, bounding boxes,
/// keypoints, their label lists and additional targets. Boxes and keypoints use the formats of the
/// pipeline's <see cref="BboxParams"/> / <see cref="KeypointParams"/>.
/// </summary>
/// <remarks>
/// A pipeline never changes a sample: it returns a new one whose images it owns. Disposing such an output when you
/// are done with it gives its pixel memory back to the pool (<see cref="PixelMemory"/>), so the next outputs reuse it.
/// </remarks>
public sealed class Sample : IDisposable
{
    private static readonly Dictionary<string, IReadOnlyList<object>> NoLabels = [];
    private static readonly Dictionary<string, Image> NoExtra = [];

    /// <summary>The image (uint8 or float32, 1–4 channels, H×W or H×W×C).</summary>
    public required Image Image { get; init; }

    /// <summary>An optional label mask of the image's size (always resampled with nearest neighbour).</summary>
    public Image? Mask { get; init; }

    /// <summary>More masks of the image's size.</summary>
    public IReadOnlyList<Image> Masks { get; init; } = [];

    /// <summary>Bounding boxes, four numbers each, in <see cref="BboxParams.Format"/>.</summary>
    public IReadOnlyList<double[]> Bboxes { get; init; } = [];

    /// <summary>Keypoints in <see cref="KeypointParams.Format"/> (2–4 numbers each).</summary>
    public IReadOnlyList<double[]> Keypoints { get; init; } = [];

    /// <summary>Optional pixel box [x_min, y_min, x_max, y_max] that <c>RandomCropNearBBox</c> crops around (albumentations' <c>cropping_bbox</c> target).</summary>
    public IReadOnlyList<double>? CroppingBox { get; init; }

    /// <summary>Label lists by field name (the <c>label_fields</c> of the bbox / keypoint params), one entry per box or keypoint.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<object>> Labels { get; init; } = NoLabels;

    /// <summary>Additional image or mask targets by name (e.g. <c>image2</c>), typed by the pipeline's <c>additional_targets</c>.</summary>
    public IReadOnlyDictionary<string, Image> Extra { get; init; } = NoExtra;

    /// <summary>True for a sample a pipeline returned: its images belong to it (set by Tessera only).</summary>
    internal bool OwnsImages { get; init; }

    /// <summary>
    /// Gives back the images of a sample a pipeline returned (image, mask, masks, additional targets): they belong to
    /// that sample. On a sample you built yourself it does nothing: Tessera disposes only what it created, so your own
    /// images stay usable.
    /// </summary>
    public void Dispose()
    {
        if (!OwnsImages)
        {
            return;
        }
        Image.Dispose();
        Mask?.Dispose();
        foreach (var m in Masks)
        {
            m.Dispose();
        }
        foreach (var m in Extra.Values)
        {
            m.Dispose();
        }
    }
}
