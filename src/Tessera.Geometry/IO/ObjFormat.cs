using System.Globalization;
using System.Text;
using Tessera.Core.Errors;
using Tessera.Core.IO;

namespace Tessera.Geometry.IO;

/// <summary>
/// Wavefront OBJ: <c>v</c> (x y z, optional w or r g b), <c>vt</c>, <c>vn</c> and <c>f</c> records with
/// <c>v</c>, <c>v/vt</c>, <c>v//vn</c> or <c>v/vt/vn</c> corners, 1-based or negative (relative) indices and
/// polygons of any size (triangulated on input). Other records (<c>o g s usemtl mtllib l p</c>) are ignored.
/// </summary>
/// <remarks>Coordinates are parsed as doubles (a file written with shortest round-trip decimals reads back
/// bit-identically). Texture coordinates and normals are kept per vertex when every corner of a vertex uses
/// the same record (the first corner wins otherwise). Writing uses shortest round-trip decimals ("R").</remarks>
public static class ObjFormat
{
    /// <summary>Reads an OBJ file.</summary>
    /// <param name="path">File path.</param>
    /// <returns>The mesh.</returns>
    /// <exception cref="TesseraFormatException">Malformed record; the message names the line.</exception>
    public static TriangleMesh Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Read(File.ReadAllBytes(path), path);
    }

    /// <summary>Reads OBJ text from memory.</summary>
    /// <param name="data">File content.</param>
    /// <param name="source">Name used in error messages.</param>
    /// <returns>The mesh.</returns>
    /// <exception cref="TesseraFormatException">Malformed record; the message names the line.</exception>
    public static TriangleMesh Read(ReadOnlySpan<byte> data, string source)
    {
        RequireText(data, source);
        var builder = new MeshBuilder();
        string? firstUnknown = null;
        var texCoords = new List<Vec2>();
        var normals = new List<Vec3>();
        int[]? vertexTex = null;
        int[]? vertexNormal = null;
        var corners = new List<int>(8);
        var cornerTex = new List<int>(8);
        var cornerNormal = new List<int>(8);
        var reader = new AsciiReader(data, source);
        var anyTex = false;
        var anyNormal = false;
        var cornerPairs = new List<(int V, int T, int N)>();
        while (reader.NextLine())
        {
            var key = reader.Token();
            if (key.IsEmpty || key[0] == (byte)'#') { continue; }
            if (key.SequenceEqual("v"u8))
            {
                var x = reader.Double("x coordinate");
                var y = reader.Double("y coordinate");
                var z = reader.Double("z coordinate");
                var p = new Vec3(x, y, z);
                if (!p.IsFinite) { throw reader.Error("vertex coordinate is not finite"); }
                builder.Positions.Add(p);
            }
            else if (key.SequenceEqual("vt"u8))
            {
                var u = reader.Double("u coordinate");
                var t = reader.Token();
                var v = t.IsEmpty ? 0 : ParseDouble(t, ref reader, "v coordinate");
                texCoords.Add(new Vec2(u, v));
            }
            else if (key.SequenceEqual("vn"u8))
            {
                normals.Add(new Vec3(reader.Double("normal x"), reader.Double("normal y"), reader.Double("normal z")));
            }
            else if (key.SequenceEqual("f"u8))
            {
                corners.Clear();
                cornerTex.Clear();
                cornerNormal.Clear();
                for (var t = reader.Token(); !t.IsEmpty; t = reader.Token())
                {
                    var parts = t;
                    var slash = parts.IndexOf((byte)'/');
                    var vi = Resolve(slash < 0 ? parts : parts[..slash], builder.Positions.Count, ref reader, "vertex");
                    var ti = -1;
                    var ni = -1;
                    if (slash >= 0)
                    {
                        var rest = parts[(slash + 1)..];
                        var slash2 = rest.IndexOf((byte)'/');
                        var tPart = slash2 < 0 ? rest : rest[..slash2];
                        if (!tPart.IsEmpty) { ti = Resolve(tPart, texCoords.Count, ref reader, "texture coordinate"); }
                        if (slash2 >= 0 && slash2 + 1 < rest.Length) { ni = Resolve(rest[(slash2 + 1)..], normals.Count, ref reader, "normal"); }
                    }
                    corners.Add(vi);
                    cornerTex.Add(ti);
                    cornerNormal.Add(ni);
                }
                if (corners.Count < 3) { throw reader.Error($"face has {corners.Count} corner(s); at least 3 are required"); }
                for (var i = 0; i < corners.Count; i++)
                {
                    if (cornerTex[i] < 0 && cornerNormal[i] < 0) { continue; }
                    anyTex |= cornerTex[i] >= 0;
                    anyNormal |= cornerNormal[i] >= 0;
                    cornerPairs.Add((corners[i], cornerTex[i], cornerNormal[i]));
                }
                builder.AddPolygon(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(corners));
            }
            else if (firstUnknown is null && !KnownStatements.Contains(Encoding.ASCII.GetString(key)))
            {
                firstUnknown = $"line {reader.Line}: '{Encoding.ASCII.GetString(key[..Math.Min(key.Length, 20)])}'";
            }
        }
        var nV = builder.Positions.Count;
        if (nV == 0)
        {
            throw new TesseraFormatException(source, null, firstUnknown is null
                ? "holds no vertices ('v' lines): not an OBJ mesh"
                : $"holds no vertices ('v' lines) and statements OBJ does not have ({firstUnknown}): not an OBJ mesh");
        }
        Vec2[]? tex = null;
        Vec3[]? nrm = null;
        if (anyTex || anyNormal)
        {
            vertexTex = new int[nV];
            vertexNormal = new int[nV];
            Array.Fill(vertexTex, -1);
            Array.Fill(vertexNormal, -1);
            foreach (var (v, t, n) in cornerPairs)
            {
                if (vertexTex[v] < 0) { vertexTex[v] = t; }
                if (vertexNormal[v] < 0) { vertexNormal[v] = n; }
            }
            if (anyTex) { tex = [.. vertexTex.Select(t => t >= 0 ? texCoords[t] : default)]; }
            if (anyNormal) { nrm = [.. vertexNormal.Select(n => n >= 0 ? normals[n] : default)]; }
        }
        return builder.Build(nrm, null, tex);
    }

    /// <summary>OBJ statements (geometry, grouping, materials, free-form) that are valid even when this reader ignores them.</summary>
    private static readonly HashSet<string> KnownStatements = new(StringComparer.Ordinal)
    {
        "v", "vt", "vn", "vp", "f", "fo", "l", "p", "o", "g", "s", "mg", "mtllib", "usemtl", "usemap", "maplib", "cstype", "deg", "bmat", "step",
        "curv", "curv2", "surf", "parm", "trim", "hole", "scrv", "sp", "end", "con", "bevel", "c_interp", "d_interp", "lod", "shadow_obj",
        "trace_obj", "ctech", "stech", "call", "csh",
    };

    /// <summary>An OBJ is text: an empty file or one with binary bytes (such as a binary STL given an .obj name) is refused.</summary>
    private static void RequireText(ReadOnlySpan<byte> data, string source)
    {
        if (data.IsEmpty)
        {
            throw new TesseraFormatException(source, null, "the file is empty (0 bytes)");
        }
        var head = data[..Math.Min(data.Length, 4096)];
        for (var i = 0; i < head.Length; i++)
        {
            var b = head[i];
            if (b == 0 || (b < 0x20 && b is not (0x09 or 0x0A or 0x0C or 0x0D)))
            {
                var stl = data.Length >= 84 && 84L + (50L * System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(data[80..])) == data.Length;
                throw new TesseraFormatException(source, $"byte {i}",
                    $"binary data (0x{b:X2}) in what should be a text OBJ file{(stl ? "; it is laid out as a binary STL: give it the .stl extension" : "")}");
            }
        }
    }

    /// <summary>Writes an OBJ file atomically (shortest round-trip decimals, 1-based indices).</summary>
    /// <param name="path">Destination.</param>
    /// <param name="mesh">The mesh.</param>
    public static void Write(string path, TriangleMesh mesh)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(mesh);
        AtomicFile.Write(path, s => Write(s, mesh));
    }

    /// <summary>Writes OBJ text to a stream.</summary>
    /// <param name="stream">Destination stream (left open).</param>
    /// <param name="mesh">The mesh.</param>
    public static void Write(Stream stream, TriangleMesh mesh)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(mesh);
        using var w = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        var inv = CultureInfo.InvariantCulture;
        Span<char> buf = stackalloc char[128];
        foreach (var p in mesh.Positions)
        {
            w.Write("v ");
            WriteDouble(w, p.X, buf);
            w.Write(' ');
            WriteDouble(w, p.Y, buf);
            w.Write(' ');
            WriteDouble(w, p.Z, buf);
            w.Write('\n');
        }
        foreach (var t in mesh.TexCoords) { w.Write(string.Create(inv, $"vt {t.X:R} {t.Y:R}\n")); }
        foreach (var n in mesh.Normals) { w.Write(string.Create(inv, $"vn {n.X:R} {n.Y:R} {n.Z:R}\n")); }
        var tri = mesh.Triangles;
        var hasT = mesh.HasTexCoords;
        var hasN = mesh.HasNormals;
        for (var i = 0; i < tri.Length; i += 3)
        {
            w.Write('f');
            for (var k = 0; k < 3; k++)
            {
                var v = tri[i + k] + 1;
                w.Write(' ');
                w.Write(v);
                if (hasT || hasN)
                {
                    w.Write('/');
                    if (hasT) { w.Write(v); }
                    if (hasN) { w.Write('/'); w.Write(v); }
                }
            }
            w.Write('\n');
        }
    }

    private static void WriteDouble(StreamWriter w, double d, Span<char> buf)
    {
        if (d.TryFormat(buf, out var n, "R", CultureInfo.InvariantCulture)) { w.Write(buf[..n]); }
        else { w.Write(d.ToString("R", CultureInfo.InvariantCulture)); }
    }

    private static double ParseDouble(ReadOnlySpan<byte> t, ref AsciiReader reader, string what)
    {
        if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            throw reader.Error($"{what} '{Encoding.ASCII.GetString(t)}' is not a number");
        }
        return d;
    }

    private static int Resolve(ReadOnlySpan<byte> token, int count, ref AsciiReader reader, string what)
    {
        if (!int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i))
        {
            throw reader.Error($"{what} index '{Encoding.ASCII.GetString(token)}' is not an integer");
        }
        var resolved = i > 0 ? i - 1 : count + i;
        if (i == 0 || resolved < 0 || resolved >= count)
        {
            throw reader.Error(string.Create(CultureInfo.InvariantCulture,
                $"{what} index {i} is out of range (1..{count} or -{count}..-1 at this point)"));
        }
        return resolved;
    }
}
