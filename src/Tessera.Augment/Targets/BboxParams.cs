using Tessera.Core.Errors;

namespace Tessera.Augment.Targets;

/// <summary>How a <see cref="Pipeline.Compose"/> reads, checks and filters bounding boxes (albumentations <c>BboxParams</c>).</summary>
public sealed record BboxParams
{
    /// <summary>Coordinate format of the boxes in <see cref="Sample.Bboxes"/>.</summary>
    public BoxFormat Format { get; init; } = BoxFormat.PascalVoc;

    /// <summary>Names of the label lists in <see cref="Sample.Labels"/> that belong to the boxes.</summary>
    public IReadOnlyList<string> LabelFields { get; init; } = [];

    /// <summary>Boxes whose visible area in pixels is below this are dropped.</summary>
    public double MinArea { get; init; }

    /// <summary>Boxes keeping less than this fraction of their area after clipping are dropped.</summary>
    public double MinVisibility { get; init; }

    /// <summary>Boxes narrower than this (pixels) are dropped.</summary>
    public double MinWidth { get; init; }

    /// <summary>Boxes lower than this (pixels) are dropped.</summary>
    public double MinHeight { get; init; }

    /// <summary>Clip and filter after every transform (else only at the end).</summary>
    public bool CheckEachTransform { get; init; } = true;

    internal void Validate()
    {
        Guard.That(MinArea >= 0 && double.IsFinite(MinArea), "min_area", $"must be ≥ 0 (got {MinArea})");
        Guard.That(MinVisibility is >= 0 and <= 1, "min_visibility", $"must lie in [0, 1] (got {MinVisibility})");
        Guard.That(MinWidth >= 0 && double.IsFinite(MinWidth), "min_width", $"must be ≥ 0 (got {MinWidth})");
        Guard.That(MinHeight >= 0 && double.IsFinite(MinHeight), "min_height", $"must be ≥ 0 (got {MinHeight})");
    }
}
