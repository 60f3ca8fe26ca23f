namespace Tessera.Data.Masks;

/// <summary>An image and its label PNG, paired by file-name stem.</summary>
/// <param name="Name">The shared stem.</param>
/// <param name="ImagePath">The image (PNG or JPEG).</param>
/// <param name="MaskPath">The label PNG.</param>
public sealed record MaskPair(string Name, string ImagePath, string MaskPath);
