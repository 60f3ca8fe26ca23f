using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Tessera.Core.Errors;
using Tessera.Core.IO;

namespace Tessera.Geometry.IO;

/// <summary>
/// Stanford PLY, ASCII and binary (little and big endian). Reads any element layout: vertex properties
/// <c>x y z</c>, <c>nx ny nz</c>, <c>red green blue [alpha]</c> (uchar or float) and <c>u v</c>/<c>s t</c> are
/// kept; faces come from the <c>vertex_indices</c> (or <c>vertex_index</c>) list and polygons are triangulated;
/// other elements and properties are skipped.
/// </summary>
public static class PlyFormat
{
    private enum Scalar { Int8, UInt8, Int16, UInt16, Int32, UInt32, Float32, Float64 }

    private sealed record Property(string Name, Scalar Type, Scalar? CountType);

    private sealed record Element(string Name, long Count, List<Property> Properties);

    /// <summary>Reads a PLY file.</summary>
    /// <param name="path">File path.</param>
    /// <returns>The mesh.</returns>
    /// <exception cref="TesseraFormatException">Malformed header or body; the message gives the line (header,
    /// ASCII body) or byte offset (binary body).</exception>
    public static TriangleMesh Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Read(File.ReadAllBytes(path), path);
    }

    /// <summary>Reads PLY data from memory.</summary>
    /// <param name="data">File content.</param>
    /// <param name="source">Name used in error messages.</param>
    /// <returns>The mesh.</returns>
    /// <exception cref="TesseraFormatException">Malformed header or body.</exception>
    public static TriangleMesh Read(ReadOnlySpan<byte> data, string source)
    {
        var header = new AsciiReader(data, source);
        if (!header.NextLine() || !header.Token().SequenceEqual("ply"u8)) { throw header.Error("not a PLY file (missing 'ply' magic)"); }
        PlyEncoding? encoding = null;
        var elements = new List<Element>();
        var bodyStart = -1;
        while (header.NextLine())
        {
            var key = header.Token();
            if (key.IsEmpty || key.SequenceEqual("comment"u8) || key.SequenceEqual("obj_info"u8)) { continue; }
            if (key.SequenceEqual("format"u8))
            {
                var f = header.Token();
                encoding = f.SequenceEqual("ascii"u8) ? PlyEncoding.Ascii
                    : f.SequenceEqual("binary_little_endian"u8) ? PlyEncoding.BinaryLittleEndian
                    : f.SequenceEqual("binary_big_endian"u8) ? PlyEncoding.BinaryBigEndian
                    : throw header.Error($"unknown format '{Encoding.ASCII.GetString(f)}'");
            }
            else if (key.SequenceEqual("element"u8))
            {
                var name = Encoding.ASCII.GetString(header.Token());
                var count = header.Integer("element count");
                if (count < 0) { throw header.Error("element count is negative"); }
                elements.Add(new Element(name, count, []));
            }
            else if (key.SequenceEqual("property"u8))
            {
                if (elements.Count == 0) { throw header.Error("property before any element"); }
                var t = header.Token();
                Property prop;
                if (t.SequenceEqual("list"u8))
                {
                    var ct = ParseScalar(header.Token(), ref header);
                    var it = ParseScalar(header.Token(), ref header);
                    prop = new Property(Encoding.ASCII.GetString(header.Token()), it, ct);
                }
                else
                {
                    prop = new Property("", ParseScalar(t, ref header), null);
                    prop = prop with { Name = Encoding.ASCII.GetString(header.Token()) };
                }
                elements[^1].Properties.Add(prop);
            }
            else if (key.SequenceEqual("end_header"u8))
            {
                header.RestOfLine();
                bodyStart = header.Position;
                break;
            }
            else
            {
                throw header.Error($"unknown header keyword '{Encoding.ASCII.GetString(key)}'");
            }
        }
        if (bodyStart < 0) { throw new TesseraFormatException(source, null, "header has no end_header line"); }
        if (encoding is null) { throw new TesseraFormatException(source, null, "header has no format line"); }
        var body = new Body(data, bodyStart, encoding.Value, source, header.Line);
        return ReadBody(ref body, elements);
    }

    private static TriangleMesh ReadBody(ref Body body, List<Element> elements)
    {
        var builder = new MeshBuilder();
        List<Vec3>? normals = null;
        List<VertexColor>? colors = null;
        List<Vec2>? tex = null;
        var corners = new List<int>(8);
        var faceLists = new List<int[]>();
        foreach (var el in elements)
        {
            var isVertex = el.Name == "vertex";
            var isFace = el.Name == "face";
            var props = el.Properties;
            var ix = props.FindIndex(p => p.Name == "x");
            var iy = props.FindIndex(p => p.Name == "y");
            var iz = props.FindIndex(p => p.Name == "z");
            var inx = props.FindIndex(p => p.Name == "nx");
            var iny = props.FindIndex(p => p.Name == "ny");
            var inz = props.FindIndex(p => p.Name == "nz");
            var ir = props.FindIndex(p => p.Name is "red" or "r");
            var ig = props.FindIndex(p => p.Name is "green" or "g");
            var ib = props.FindIndex(p => p.Name is "blue" or "b");
            var ia = props.FindIndex(p => p.Name is "alpha" or "a");
            var iu = props.FindIndex(p => p.Name is "u" or "s" or "texture_u" or "texture_s");
            var iv = props.FindIndex(p => p.Name is "v" or "t" or "texture_v" or "texture_t");
            var iface = props.FindIndex(p => p.CountType is not null && p.Name is "vertex_indices" or "vertex_index");
            if (isVertex)
            {
                if (ix < 0 || iy < 0 || iz < 0) { throw body.Error("vertex element lacks x, y or z"); }
                if (inx >= 0 && iny >= 0 && inz >= 0) { normals = []; }
                if (ir >= 0 && ig >= 0 && ib >= 0) { colors = []; }
                if (iu >= 0 && iv >= 0) { tex = []; }
            }
            if (isFace && iface < 0) { throw body.Error("face element lacks a vertex_indices list"); }
            var values = new double[props.Count];
            for (long r = 0; r < el.Count; r++)
            {
                body.BeginRecord();
                for (var p = 0; p < props.Count; p++)
                {
                    var prop = props[p];
                    if (prop.CountType is { } ct)
                    {
                        var n = body.ReadInteger(ct, "list length");
                        if (n < 0) { throw body.Error("list length is negative"); }
                        if (isFace && p == iface)
                        {
                            corners.Clear();
                            for (var k = 0; k < n; k++) { corners.Add(checked((int)body.ReadInteger(prop.Type, "vertex index"))); }
                            if (n < 3) { throw body.Error($"face {r} has {n} corner(s); at least 3 are required"); }
                            faceLists.Add([.. corners]);
                        }
                        else
                        {
                            for (var k = 0; k < n; k++) { body.ReadValue(prop.Type); }
                        }
                    }
                    else
                    {
                        values[p] = body.ReadValue(prop.Type);
                    }
                }
                if (isVertex)
                {
                    var pos = new Vec3(values[ix], values[iy], values[iz]);
                    if (!pos.IsFinite) { throw body.Error($"vertex {r} has a non-finite coordinate"); }
                    builder.Positions.Add(pos);
                    normals?.Add(new Vec3(values[inx], values[iny], values[inz]));
                    colors?.Add(new VertexColor(ToByte(values[ir], props[ir].Type), ToByte(values[ig], props[ig].Type),
                        ToByte(values[ib], props[ib].Type), ia >= 0 ? ToByte(values[ia], props[ia].Type) : (byte)255));
                    tex?.Add(new Vec2(values[iu], values[iv]));
                }
            }
        }
        var nV = builder.Positions.Count;
        for (var f = 0; f < faceLists.Count; f++)
        {
            foreach (var v in faceLists[f])
            {
                if ((uint)v >= (uint)nV)
                {
                    throw new TesseraFormatException(body.Source, string.Create(CultureInfo.InvariantCulture, $"face {f}"),
                        string.Create(CultureInfo.InvariantCulture, $"vertex index {v} is outside [0, {nV})"));
                }
            }
            builder.AddPolygon(faceLists[f]);
        }
        return builder.Build(normals?.ToArray(), colors?.ToArray(), tex?.ToArray());
    }

    private static byte ToByte(double v, Scalar t)
        => t is Scalar.Float32 or Scalar.Float64 ? (byte)Math.Clamp(Math.Round(v * 255.0), 0, 255) : (byte)Math.Clamp(v, 0, 255);

    private static Scalar ParseScalar(ReadOnlySpan<byte> t, ref AsciiReader header)
    {
        var s = Encoding.ASCII.GetString(t);
        return s switch
        {
            "char" or "int8" => Scalar.Int8,
            "uchar" or "uint8" => Scalar.UInt8,
            "short" or "int16" => Scalar.Int16,
            "ushort" or "uint16" => Scalar.UInt16,
            "int" or "int32" => Scalar.Int32,
            "uint" or "uint32" => Scalar.UInt32,
            "float" or "float32" => Scalar.Float32,
            "double" or "float64" => Scalar.Float64,
            _ => throw header.Error($"unknown property type '{s}'"),
        };
    }

    private static int Size(Scalar t) => t switch
    {
        Scalar.Int8 or Scalar.UInt8 => 1,
        Scalar.Int16 or Scalar.UInt16 => 2,
        Scalar.Int32 or Scalar.UInt32 or Scalar.Float32 => 4,
        _ => 8,
    };

    /// <summary>Reads scalars from the body in the file's encoding.</summary>
    private ref struct Body
    {
        private readonly ReadOnlySpan<byte> _data;
        private readonly PlyEncoding _encoding;
        private AsciiReader _ascii;
        private int _pos;

        public Body(ReadOnlySpan<byte> data, int start, PlyEncoding encoding, string source, int headerLines)
        {
            _data = data;
            _encoding = encoding;
            _pos = start;
            Source = source;
            _ascii = new AsciiReader(data, source, start, headerLines);
        }

        public string Source { get; }

        public void BeginRecord()
        {
            if (_encoding != PlyEncoding.Ascii) { return; }
            do
            {
                if (!_ascii.NextLine()) { throw Error("unexpected end of file"); }
            }
            while (IsBlank());
        }

        private bool IsBlank()
        {
            var probe = _ascii;
            return probe.Token().IsEmpty;
        }

        public readonly TesseraFormatException Error(string problem)
            => _encoding == PlyEncoding.Ascii
                ? _ascii.Error(problem)
                : new TesseraFormatException(Source, string.Create(CultureInfo.InvariantCulture, $"byte {_pos}"), problem);

        public long ReadInteger(Scalar t, string what)
        {
            var v = ReadValue(t);
            if (v != Math.Floor(v)) { throw Error($"{what} {v} is not an integer"); }
            return (long)v;
        }

        public double ReadValue(Scalar t)
        {
            if (_encoding == PlyEncoding.Ascii) { return _ascii.Double("property value"); }
            var size = Size(t);
            if (_pos + size > _data.Length) { throw Error("unexpected end of file"); }
            var s = _data.Slice(_pos, size);
            var le = _encoding == PlyEncoding.BinaryLittleEndian;
            double v = t switch
            {
                Scalar.Int8 => (sbyte)s[0],
                Scalar.UInt8 => s[0],
                Scalar.Int16 => le ? BinaryPrimitives.ReadInt16LittleEndian(s) : BinaryPrimitives.ReadInt16BigEndian(s),
                Scalar.UInt16 => le ? BinaryPrimitives.ReadUInt16LittleEndian(s) : BinaryPrimitives.ReadUInt16BigEndian(s),
                Scalar.Int32 => le ? BinaryPrimitives.ReadInt32LittleEndian(s) : BinaryPrimitives.ReadInt32BigEndian(s),
                Scalar.UInt32 => le ? BinaryPrimitives.ReadUInt32LittleEndian(s) : BinaryPrimitives.ReadUInt32BigEndian(s),
                Scalar.Float32 => le ? BinaryPrimitives.ReadSingleLittleEndian(s) : BinaryPrimitives.ReadSingleBigEndian(s),
                _ => le ? BinaryPrimitives.ReadDoubleLittleEndian(s) : BinaryPrimitives.ReadDoubleBigEndian(s),
            };
            _pos += size;
            return v;
        }
    }

    /// <summary>Writes a PLY file atomically.</summary>
    /// <param name="path">Destination.</param>
    /// <param name="mesh">The mesh.</param>
    /// <param name="options">Encoding and precision (default: binary little endian, double coordinates).</param>
    public static void Write(string path, TriangleMesh mesh, PlyWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(mesh);
        AtomicFile.Write(path, s => Write(s, mesh, options));
    }

    /// <summary>Writes PLY to a stream.</summary>
    /// <param name="stream">Destination (left open).</param>
    /// <param name="mesh">The mesh.</param>
    /// <param name="options">Encoding and precision.</param>
    public static void Write(Stream stream, TriangleMesh mesh, PlyWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(mesh);
        options ??= new PlyWriteOptions();
        var inv = CultureInfo.InvariantCulture;
        var realName = options.DoublePrecision ? "double" : "float";
        var sb = new StringBuilder();
        sb.Append("ply\nformat ").Append(options.Encoding switch
        {
            PlyEncoding.Ascii => "ascii",
            PlyEncoding.BinaryBigEndian => "binary_big_endian",
            _ => "binary_little_endian",
        }).Append(" 1.0\ncomment written by Tessera.Geometry\n");
        sb.Append(inv, $"element vertex {mesh.VertexCount}\n");
        sb.Append(inv, $"property {realName} x\nproperty {realName} y\nproperty {realName} z\n");
        if (mesh.HasNormals) { sb.Append(inv, $"property {realName} nx\nproperty {realName} ny\nproperty {realName} nz\n"); }
        if (mesh.HasColors) { sb.Append("property uchar red\nproperty uchar green\nproperty uchar blue\nproperty uchar alpha\n"); }
        if (mesh.HasTexCoords) { sb.Append(inv, $"property {realName} u\nproperty {realName} v\n"); }
        sb.Append(inv, $"element face {mesh.FaceCount}\nproperty list uchar int vertex_indices\nend_header\n");
        var headerBytes = Encoding.ASCII.GetBytes(sb.ToString());
        stream.Write(headerBytes);
        if (options.Encoding == PlyEncoding.Ascii)
        {
            using var w = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
            var fmt = options.DoublePrecision ? "R" : "G9";
            for (var i = 0; i < mesh.VertexCount; i++)
            {
                var p = mesh.Positions[i];
                w.Write(Real(p.X, options.DoublePrecision, fmt) + " " + Real(p.Y, options.DoublePrecision, fmt) + " " + Real(p.Z, options.DoublePrecision, fmt));
                if (mesh.HasNormals)
                {
                    var n = mesh.Normals[i];
                    w.Write(" " + Real(n.X, options.DoublePrecision, fmt) + " " + Real(n.Y, options.DoublePrecision, fmt) + " " + Real(n.Z, options.DoublePrecision, fmt));
                }
                if (mesh.HasColors)
                {
                    var c = mesh.Colors[i];
                    w.Write(string.Create(inv, $" {c.R} {c.G} {c.B} {c.A}"));
                }
                if (mesh.HasTexCoords)
                {
                    var t = mesh.TexCoords[i];
                    w.Write(" " + Real(t.X, options.DoublePrecision, fmt) + " " + Real(t.Y, options.DoublePrecision, fmt));
                }
                w.Write('\n');
            }
            var tri = mesh.Triangles;
            for (var i = 0; i < tri.Length; i += 3)
            {
                w.Write(string.Create(inv, $"3 {tri[i]} {tri[i + 1]} {tri[i + 2]}\n"));
            }
            return;
        }
        var big = options.Encoding == PlyEncoding.BinaryBigEndian;
        var real = options.DoublePrecision ? 8 : 4;
        var perVertex = (3 * real) + (mesh.HasNormals ? 3 * real : 0) + (mesh.HasColors ? 4 : 0) + (mesh.HasTexCoords ? 2 * real : 0);
        var buffer = new byte[checked(((long)perVertex * mesh.VertexCount) + (13L * mesh.FaceCount))];
        var at = 0;
        void Put(double v)
        {
            var span = buffer.AsSpan(at);
            if (options.DoublePrecision)
            {
                if (big) { BinaryPrimitives.WriteDoubleBigEndian(span, v); } else { BinaryPrimitives.WriteDoubleLittleEndian(span, v); }
                at += 8;
            }
            else
            {
                if (big) { BinaryPrimitives.WriteSingleBigEndian(span, (float)v); } else { BinaryPrimitives.WriteSingleLittleEndian(span, (float)v); }
                at += 4;
            }
        }
        for (var i = 0; i < mesh.VertexCount; i++)
        {
            var p = mesh.Positions[i];
            Put(p.X); Put(p.Y); Put(p.Z);
            if (mesh.HasNormals) { var n = mesh.Normals[i]; Put(n.X); Put(n.Y); Put(n.Z); }
            if (mesh.HasColors)
            {
                var c = mesh.Colors[i];
                buffer[at++] = c.R; buffer[at++] = c.G; buffer[at++] = c.B; buffer[at++] = c.A;
            }
            if (mesh.HasTexCoords) { var t = mesh.TexCoords[i]; Put(t.X); Put(t.Y); }
        }
        var tris = mesh.Triangles;
        for (var i = 0; i < tris.Length; i += 3)
        {
            buffer[at++] = 3;
            for (var k = 0; k < 3; k++)
            {
                var span = buffer.AsSpan(at);
                if (big) { BinaryPrimitives.WriteInt32BigEndian(span, tris[i + k]); } else { BinaryPrimitives.WriteInt32LittleEndian(span, tris[i + k]); }
                at += 4;
            }
        }
        stream.Write(buffer);
    }

    private static string Real(double v, bool isDouble, string fmt)
        => isDouble ? v.ToString(fmt, CultureInfo.InvariantCulture) : ((float)v).ToString(fmt, CultureInfo.InvariantCulture);
}
