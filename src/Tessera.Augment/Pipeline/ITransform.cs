namespace Tessera.Augment.Pipeline;

/// <summary>A pipeline node: a transform or a group of transforms, named as in albumentations 1.3.1.</summary>
public interface ITransform
{
    /// <summary>The albumentations class name (the serialized <c>__class_fullname__</c>).</summary>
    string Name { get; }

    /// <summary>Probability of applying the node (<c>p</c>).</summary>
    double Probability { get; }

    /// <summary>Whether the node accepts bounding boxes (false where albumentations 1.3.1 raises <c>NotImplementedError</c>).</summary>
    bool SupportsBoxes { get; }

    /// <summary>Whether the node accepts keypoints (false where albumentations 1.3.1 raises <c>NotImplementedError</c>).</summary>
    bool SupportsKeypoints { get; }
}
