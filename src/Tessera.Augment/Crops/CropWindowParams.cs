namespace Tessera.Augment.Crops;

/// <summary>A crop window in pixels (used by <see cref="CropNonEmptyMaskIfExists"/> and <see cref="RandomCropNearBBox"/>).</summary>
/// <param name="XMin">Left column.</param>
/// <param name="XMax">Right column (exclusive).</param>
/// <param name="YMin">Top row.</param>
/// <param name="YMax">Bottom row (exclusive).</param>
public sealed record CropWindowParams(int XMin, int XMax, int YMin, int YMax);

/// <summary>A random crop position and size (albumentations' <c>h_start</c>/<c>w_start</c> convention).</summary>
/// <param name="HStart">Vertical position in [0, 1].</param>
/// <param name="WStart">Horizontal position in [0, 1].</param>
/// <param name="CropHeight">Crop rows.</param>
/// <param name="CropWidth">Crop columns.</param>
public sealed record SizedCropParams(double HStart, double WStart, int CropHeight, int CropWidth);

/// <summary>A random crop position (albumentations <c>RandomCrop</c> params).</summary>
/// <param name="HStart">Vertical position in [0, 1].</param>
/// <param name="WStart">Horizontal position in [0, 1].</param>
public sealed record CropPositionParams(double HStart, double WStart);
