using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Tessera.Core.Errors;
using Tessera.Core.IO;

namespace Tessera.Geometry.IO;

/// <summary>
/// STL, binary and ASCII. STL stores a triangle soup; reading welds corners with bit-identical coordinates,
/// numbering vertices in order of first appearance (which recovers the connectivity of a mesh written from an
/// indexed mesh). Binary is detected by its exact size (84 + 50·n bytes), otherwise a file starting with
/// <c>solid</c> is read as ASCII.
/// </summary>
public static class StlFormat
{
    /// <summary>Reads an STL file.</summary>
    /// <param name="path">File path.</param>
    /// <returns>The welded mesh.</returns>
    /// <exception cref="TesseraFormatException">Truncated binary data (byte offset) or a malformed ASCII record (line).</exception>
    public static TriangleMesh Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Read(File.ReadAllBytes(path), path);
    }

    /// <summary>Reads STL data from memory.</summary>
    /// <param name="data">File content.</param>
    /// <param name="source">Name used in error messages.</param>
    /// <returns>The welded mesh.</returns>
    /// <exception cref="TesseraFormatException">Malformed data.</exception>
    public static TriangleMesh Read(ReadOnlySpan<byte> data, string source)
    {
        if (data.Length >= 84)
        {
            var count = BinaryPrimitives.ReadUInt32LittleEndian(data[80..]);
            if (84L + (50L * count) == data.Length) { return ReadBinary(data, count, source); }
        }
        var trimmed = data.TrimStart(" \t\r\n"u8);
        if (trimmed.StartsWith("solid"u8)) { return ReadAscii(data, source); }
        if (data.Length < 84)
        {
            throw new TesseraFormatException(source, string.Create(CultureInfo.InvariantCulture, $"byte {data.Length}"),
                "file ends inside the 84-byte binary STL header");
        }
        var n = BinaryPrimitives.ReadUInt32LittleEndian(data[80..]);
        var expected = 84L + (50L * n);
        throw new TesseraFormatException(source, string.Create(CultureInfo.InvariantCulture, $"byte {Math.Min(expected, data.Length)}"),
            string.Create(CultureInfo.InvariantCulture, $"binary STL declares {n} triangles ({expected} bytes) but the file has {data.Length} bytes"));
    }

    private static TriangleMesh ReadBinary(ReadOnlySpan<byte> data, uint count, string source)
    {
        var weld = new Dictionary<(int, int, int), int>();
        var positions = new List<Vec3>();
        var tris = new int[checked((int)count * 3)];
        for (var t = 0; t < count; t++)
        {
            var rec = data.Slice(84 + (50 * t), 50);
            for (var k = 0; k < 3; k++)
            {
                var c = rec.Slice(12 + (12 * k), 12);
                var x = BinaryPrimitives.ReadSingleLittleEndian(c);
                var y = BinaryPrimitives.ReadSingleLittleEndian(c[4..]);
                var z = BinaryPrimitives.ReadSingleLittleEndian(c[8..]);
                if (!float.IsFinite(x) || !float.IsFinite(y) || !float.IsFinite(z))
                {
                    throw new TesseraFormatException(source, string.Create(CultureInfo.InvariantCulture, $"byte {84 + (50 * t) + 12 + (12 * k)}"),
                        $"triangle {t} has a non-finite coordinate");
                }
                var key = (BitConverter.SingleToInt32Bits(x), BitConverter.SingleToInt32Bits(y), BitConverter.SingleToInt32Bits(z));
                if (!weld.TryGetValue(key, out var v))
                {
                    v = positions.Count;
                    weld.Add(key, v);
                    positions.Add(new Vec3(x, y, z));
                }
                tris[(3 * t) + k] = v;
            }
        }
        return new TriangleMesh([.. positions], tris, null, null, null, validate: true);
    }

    private static TriangleMesh ReadAscii(ReadOnlySpan<byte> data, string source)
    {
        var reader = new AsciiReader(data, source);
        var weld = new Dictionary<(long, long, long), int>();
        var positions = new List<Vec3>();
        var tris = new List<int>();
        var inLoop = 0;
        while (reader.NextLine())
        {
            var key = reader.Token();
            if (key.IsEmpty) { continue; }
            if (key.SequenceEqual("vertex"u8))
            {
                if (inLoop < 0 || inLoop >= 3) { throw reader.Error("vertex outside an 'outer loop' or more than 3 vertices in a facet"); }
                var p = new Vec3(reader.Double("x"), reader.Double("y"), reader.Double("z"));
                if (!p.IsFinite) { throw reader.Error("vertex coordinate is not finite"); }
                var k = (BitConverter.DoubleToInt64Bits(p.X), BitConverter.DoubleToInt64Bits(p.Y), BitConverter.DoubleToInt64Bits(p.Z));
                if (!weld.TryGetValue(k, out var v))
                {
                    v = positions.Count;
                    weld.Add(k, v);
                    positions.Add(p);
                }
                tris.Add(v);
                inLoop++;
            }
            else if (key.SequenceEqual("outer"u8)) { inLoop = 0; }
            else if (key.SequenceEqual("endloop"u8))
            {
                if (inLoop != 3) { throw reader.Error(string.Create(CultureInfo.InvariantCulture, $"facet has {inLoop} vertices; STL facets are triangles")); }
                inLoop = -1;
            }
            else if (key.SequenceEqual("solid"u8) || key.SequenceEqual("facet"u8) || key.SequenceEqual("endfacet"u8) || key.SequenceEqual("endsolid"u8)) { }
            else { throw reader.Error($"unknown keyword '{Encoding.ASCII.GetString(key)}'"); }
        }
        if (inLoop > 0) { throw reader.Error("file ends inside a facet"); }
        return new TriangleMesh([.. positions], [.. tris], null, null, null, validate: true);
    }

    /// <summary>Writes an STL file atomically.</summary>
    /// <param name="path">Destination.</param>
    /// <param name="mesh">The mesh.</param>
    /// <param name="ascii">Write ASCII instead of binary.</param>
    public static void Write(string path, TriangleMesh mesh, bool ascii = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(mesh);
        AtomicFile.Write(path, s => Write(s, mesh, ascii));
    }

    /// <summary>Writes STL to a stream (binary: float32 unit normal and corners, attribute 0).</summary>
    /// <param name="stream">Destination (left open).</param>
    /// <param name="mesh">The mesh.</param>
    /// <param name="ascii">Write ASCII instead of binary.</param>
    public static void Write(Stream stream, TriangleMesh mesh, bool ascii = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(mesh);
        var pos = mesh.Positions;
        var tri = mesh.Triangles;
        if (ascii)
        {
            using var w = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
            w.Write("solid tessera\n");
            for (var i = 0; i < tri.Length; i += 3)
            {
                var (a, b, c) = (pos[tri[i]], pos[tri[i + 1]], pos[tri[i + 2]]);
                var n = Vec3.Cross(b - a, c - a).Normalized();
                w.Write(string.Create(CultureInfo.InvariantCulture, $"facet normal {n.X:R} {n.Y:R} {n.Z:R}\n outer loop\n"));
                foreach (var p in (ReadOnlySpan<Vec3>)[a, b, c])
                {
                    w.Write(string.Create(CultureInfo.InvariantCulture, $"  vertex {p.X:R} {p.Y:R} {p.Z:R}\n"));
                }
                w.Write(" endloop\nendfacet\n");
            }
            w.Write("endsolid tessera\n");
            return;
        }
        var buffer = new byte[84 + (50L * mesh.FaceCount)];
        Encoding.ASCII.GetBytes("binary STL written by Tessera.Geometry").CopyTo(buffer, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(80), (uint)mesh.FaceCount);
        var at = 84;
        for (var i = 0; i < tri.Length; i += 3)
        {
            var (a, b, c) = (pos[tri[i]], pos[tri[i + 1]], pos[tri[i + 2]]);
            var n = Vec3.Cross(b - a, c - a).Normalized();
            foreach (var p in (ReadOnlySpan<Vec3>)[n, a, b, c])
            {
                BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(at), (float)p.X);
                BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(at + 4), (float)p.Y);
                BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(at + 8), (float)p.Z);
                at += 12;
            }
            at += 2;
        }
        stream.Write(buffer);
    }
}
