namespace Tessera.Augment.Targets;

/// <summary>
/// A bounding box in albumentations' internal format: corners normalised by the image width and height
/// (the image spans [0, 1] × [0, 1]). <see cref="Tag"/> identifies the box's labels; transforms keep it
/// (use <c>with</c> expressions).
/// </summary>
/// <param name="XMin">Left edge / width.</param>
/// <param name="YMin">Top edge / height.</param>
/// <param name="XMax">Right edge / width.</param>
/// <param name="YMax">Bottom edge / height.</param>
/// <param name="Tag">Index of the box in the caller's list (carries its labels).</param>
public readonly record struct NormalizedBox(double XMin, double YMin, double XMax, double YMax, int Tag = 0);
