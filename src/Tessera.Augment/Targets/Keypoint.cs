namespace Tessera.Augment.Targets;

/// <summary>
/// A keypoint in albumentations' internal format: pixel-index coordinates (pixel centres are integers),
/// the angle in radians and the scale. <see cref="Tag"/> identifies the keypoint's labels.
/// </summary>
/// <param name="X">Column.</param>
/// <param name="Y">Row.</param>
/// <param name="Angle">Angle in radians.</param>
/// <param name="Scale">Scale.</param>
/// <param name="Tag">Index of the keypoint in the caller's list (carries its labels).</param>
public readonly record struct Keypoint(double X, double Y, double Angle, double Scale, int Tag = 0);
