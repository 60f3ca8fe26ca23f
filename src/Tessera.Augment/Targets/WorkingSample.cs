using Tessera.Core.Imaging;

namespace Tessera.Augment.Targets;

/// <summary>The mutable state of one sample while a pipeline runs: boxes and keypoints in the internal formats.</summary>
internal sealed class WorkingSample
{
    public required Image Image { get; set; }

    public Image? Mask { get; set; }

    public List<Image> Masks { get; set; } = [];

    public List<NormalizedBox> Boxes { get; set; } = [];

    public List<Keypoint> Keypoints { get; set; } = [];

    public Dictionary<string, Image> ExtraImages { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Image> ExtraMasks { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<double>? CroppingBox { get; set; }

    /// <summary>The label values of a keypoint (by tag), in label-field order, as albumentations appends them to the keypoint tuple.</summary>
    public Func<int, IReadOnlyList<object>>? KeypointLabelTails { get; set; }

    public bool HasBoxes { get; set; }

    public bool HasKeypoints { get; set; }

    public ImageShape Shape => ImageShape.Of(Image);

    private readonly HashSet<Image> _inputs = [];

    /// <summary>Records a caller's image: it is never disposed by <see cref="Retire"/>.</summary>
    public void MarkInput(Image image) => _inputs.Add(image);

    /// <summary>
    /// Called after a transform replaced <paramref name="old"/> by <paramref name="replacement"/>: an intermediate
    /// image (made by an earlier transform of this run, held by no target any more) goes back to the pixel pool.
    /// </summary>
    public void Retire(Image old, Image replacement)
    {
        if (ReferenceEquals(old, replacement) || _inputs.Contains(old) || IsHeld(old))
        {
            return;
        }
        old.Dispose();
    }

    private bool IsHeld(Image image)
    {
        if (ReferenceEquals(Image, image) || ReferenceEquals(Mask, image))
        {
            return true;
        }
        foreach (var m in Masks)
        {
            if (ReferenceEquals(m, image))
            {
                return true;
            }
        }
        foreach (var m in ExtraImages.Values)
        {
            if (ReferenceEquals(m, image))
            {
                return true;
            }
        }
        foreach (var m in ExtraMasks.Values)
        {
            if (ReferenceEquals(m, image))
            {
                return true;
            }
        }
        return false;
    }
}
