namespace Tessera.Data.Folders;

/// <summary>One sample of an <see cref="ImageLabelFolder"/>: an image file and the label PNG with the same name stem.</summary>
/// <param name="Name">The shared file-name stem.</param>
/// <param name="ImagePath">Path of the image (PNG or JPEG).</param>
/// <param name="LabelPath">Path of the label PNG (one channel, 8-bit, pixel value = label).</param>
public sealed record ImageLabelPair(string Name, string ImagePath, string LabelPath);
