namespace Tessera.Augment.Targets;

/// <summary>How a <see cref="Pipeline.Compose"/> reads and filters keypoints (albumentations <c>KeypointParams</c>).</summary>
public sealed record KeypointParams
{
    /// <summary>Format of the keypoints in <see cref="Sample.Keypoints"/>.</summary>
    public KeypointFormat Format { get; init; } = KeypointFormat.Xy;

    /// <summary>Names of the label lists in <see cref="Sample.Labels"/> that belong to the keypoints.</summary>
    public IReadOnlyList<string> LabelFields { get; init; } = [];

    /// <summary>Drop keypoints that leave the image.</summary>
    public bool RemoveInvisible { get; init; } = true;

    /// <summary>Angles are given and returned in degrees (else radians).</summary>
    public bool AngleInDegrees { get; init; } = true;

    /// <summary>Filter after every transform (else only at the end).</summary>
    public bool CheckEachTransform { get; init; } = true;
}
