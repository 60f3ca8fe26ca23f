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
}
