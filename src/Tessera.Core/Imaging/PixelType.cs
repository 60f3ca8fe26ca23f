namespace Tessera.Core.Imaging;

/// <summary>Element type of an <see cref="Image"/>.</summary>
public enum PixelType
{
    /// <summary>8-bit unsigned (0–255).</summary>
    UInt8,
    /// <summary>16-bit unsigned (0–65535).</summary>
    UInt16,
    /// <summary>32-bit float (usually 0–1).</summary>
    Float32,
}
