namespace Tessera.Geometry.IO;

/// <summary>How <see cref="PlyFormat.Write(string, TriangleMesh, PlyWriteOptions?)"/> encodes a mesh.</summary>
public sealed record PlyWriteOptions
{
    /// <summary>Body encoding (default binary little endian).</summary>
    public PlyEncoding Encoding { get; init; } = PlyEncoding.BinaryLittleEndian;

    /// <summary>Write coordinates as <c>double</c> (default, lossless) instead of <c>float</c>.</summary>
    public bool DoublePrecision { get; init; } = true;
}
