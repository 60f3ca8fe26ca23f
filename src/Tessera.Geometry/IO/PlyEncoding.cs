namespace Tessera.Geometry.IO;

/// <summary>PLY body encodings.</summary>
public enum PlyEncoding
{
    /// <summary><c>format ascii 1.0</c>.</summary>
    Ascii,

    /// <summary><c>format binary_little_endian 1.0</c>.</summary>
    BinaryLittleEndian,

    /// <summary><c>format binary_big_endian 1.0</c>.</summary>
    BinaryBigEndian,
}
