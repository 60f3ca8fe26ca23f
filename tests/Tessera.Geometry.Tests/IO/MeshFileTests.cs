using System.Text;
using Tessera.Core.Errors;
using Tessera.Geometry.IO;

namespace Tessera.Geometry.Tests.IO;

public sealed class MeshFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tessera-mesh-io").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static TriangleMesh Sample() => MeshGenerators.BumpyTorus(9, 7);

    [Theory]
    [InlineData(".obj")]
    [InlineData(".ply")]
    public void WriteRead_Lossless_RoundTripsBitIdentically(string ext)
    {
        var mesh = Sample();
        var path = Path.Combine(_dir, "m" + ext);
        MeshFile.Write(path, mesh);
        var back = MeshFile.Read(path);
        Assert.True(mesh.Positions.SequenceEqual(back.Positions));
        Assert.True(mesh.Triangles.SequenceEqual(back.Triangles));
    }

    [Fact]
    public void WriteRead_Stl_WeldsBackToSameCounts()
    {
        var mesh = Sample();
        var path = Path.Combine(_dir, "m.stl");
        MeshFile.Write(path, mesh);
        var back = MeshFile.Read(path);
        Assert.Equal(mesh.VertexCount, back.VertexCount);
        Assert.Equal(mesh.FaceCount, back.FaceCount);
        Assert.Equal(mesh.Area(), back.Area(), 5);
    }

    [Theory]
    [InlineData(".glb")]
    [InlineData(".gltf")]
    public void WriteRead_Float32Formats_KeepConnectivityAndFloatPositions(string ext)
    {
        var mesh = Sample();
        var path = Path.Combine(_dir, "m" + ext);
        MeshFile.Write(path, mesh);
        var back = MeshFile.Read(path);
        Assert.Equal(mesh.VertexCount, back.VertexCount);
        Assert.True(mesh.Triangles.SequenceEqual(back.Triangles));
        for (var i = 0; i < mesh.VertexCount; i++)
        {
            Assert.True((mesh.Positions[i] - back.Positions[i]).Length < 1e-6);
        }
    }

    [Theory]
    [InlineData(PlyEncoding.Ascii, false)]
    [InlineData(PlyEncoding.BinaryLittleEndian, false)]
    [InlineData(PlyEncoding.BinaryBigEndian, true)]
    [InlineData(PlyEncoding.Ascii, true)]
    public void Ply_AllEncodings_KeepColoursAndNormals(PlyEncoding encoding, bool doubles)
    {
        var t = TestMeshes.Tetrahedron();
        var mesh = new TriangleMesh(t.Positions, t.Triangles,
            normals: [.. t.Positions.ToArray().Select(p => p.Normalized())],
            colors: [new VertexColor(255, 0, 0), new VertexColor(0, 255, 0), new VertexColor(0, 0, 255, 128), new VertexColor(1, 2, 3, 4)]);
        var path = Path.Combine(_dir, "c.ply");
        PlyFormat.Write(path, mesh, new PlyWriteOptions { Encoding = encoding, DoublePrecision = doubles });
        var back = PlyFormat.Read(path);
        Assert.True(mesh.Colors.SequenceEqual(back.Colors));
        for (var i = 0; i < 4; i++)
        {
            Assert.True((mesh.Normals[i] - back.Normals[i]).Length < 1e-6);
            Assert.True((mesh.Positions[i] - back.Positions[i]).Length < 1e-6);
        }
    }

    [Fact]
    public void Stl_Ascii_RoundTripsWithWelding()
    {
        var mesh = TestMeshes.Tetrahedron();
        var path = Path.Combine(_dir, "a.stl");
        StlFormat.Write(path, mesh, ascii: true);
        var back = StlFormat.Read(path);
        Assert.Equal(4, back.VertexCount);
        Assert.Equal(4, back.FaceCount);
    }

    [Fact]
    public void Obj_NegativeIndicesPolygonsAndAttributes_Parsed()
    {
        var text = "# quad\nv 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\nvt 0 0\nvt 1 0\nvt 1 1\nvt 0 1\nvn 0 0 1\nf -4/1/1 -3/2/1 -2/3/1 -1/4/1\n";
        var mesh = ObjFormat.Read(Encoding.ASCII.GetBytes(text), "quad.obj");
        Assert.Equal(2, mesh.FaceCount);
        Assert.Equal(1.0, mesh.Area(), 12);
        Assert.True(mesh.HasTexCoords && mesh.HasNormals);
        Assert.Equal(new Vec2(1, 1), mesh.TexCoords[2]);
    }

    [Fact]
    public void Obj_ConcavePolygon_TriangulatedInside()
    {
        // An L-shaped hexagon: a fan from vertex 0 would leave the polygon.
        var text = "v 2 0 0\nv 2 1 0\nv 1 1 0\nv 1 2 0\nv 0 2 0\nv 0 0 0\nf 1 2 3 4 5 6\n";
        var mesh = ObjFormat.Read(Encoding.ASCII.GetBytes(text), "l.obj");
        Assert.Equal(4, mesh.FaceCount);
        Assert.Equal(3.0, mesh.Area(), 12);
    }

    [Theory]
    [InlineData("v 0 0 0\nv 1 0 x\n", "line 2")]
    [InlineData("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 4\n", "line 4")]
    [InlineData("v 0 0 0\nv 1 0 0\nf 1 2\n", "line 3")]
    [InlineData("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 0 1 2\n", "line 4")]
    public void Obj_Malformed_ThrowsWithLine(string text, string position)
    {
        var e = Assert.Throws<TesseraFormatException>(() => ObjFormat.Read(Encoding.ASCII.GetBytes(text), "bad.obj"));
        Assert.Equal(position, e.Position);
    }

    [Fact]
    public void Ply_TruncatedBinary_ThrowsWithByteOffset()
    {
        var path = Path.Combine(_dir, "t.ply");
        PlyFormat.Write(path, TestMeshes.Tetrahedron());
        var bytes = File.ReadAllBytes(path);
        var e = Assert.Throws<TesseraFormatException>(() => PlyFormat.Read(bytes.AsSpan(0, bytes.Length - 5), "t.ply"));
        Assert.StartsWith("byte ", e.Position, StringComparison.Ordinal);
    }

    [Fact]
    public void Ply_BadHeader_ThrowsWithLine()
    {
        var e = Assert.Throws<TesseraFormatException>(() => PlyFormat.Read("ply\nformat ascii 1.0\nelement vertex 1\nproperty quux x\nend_header\n"u8, "h.ply"));
        Assert.Equal("line 4", e.Position);
    }

    [Fact]
    public void Ply_FaceIndexOutOfRange_Throws()
    {
        var text = "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\nelement face 1\nproperty list uchar int vertex_indices\nend_header\n0 0 0\n1 0 0\n0 1 0\n3 0 1 7\n";
        Assert.Throws<TesseraFormatException>(() => PlyFormat.Read(Encoding.ASCII.GetBytes(text), "r.ply"));
    }

    [Fact]
    public void Stl_TruncatedBinary_ThrowsWithByteOffset()
    {
        var path = Path.Combine(_dir, "t.stl");
        StlFormat.Write(path, TestMeshes.Tetrahedron());
        var bytes = File.ReadAllBytes(path);
        var e = Assert.Throws<TesseraFormatException>(() => StlFormat.Read(bytes.AsSpan(0, bytes.Length - 10), "t.stl"));
        Assert.StartsWith("byte ", e.Position, StringComparison.Ordinal);
    }

    [Fact]
    public void Gltf_Garbage_ThrowsFormatError()
    {
        var path = Path.Combine(_dir, "bad.glb");
        File.WriteAllBytes(path, [1, 2, 3, 4, 5]);
        Assert.Throws<TesseraFormatException>(() => MeshFile.Read(path));
    }

    [Fact]
    public void Write_UnknownExtension_ThrowsAndWritesNothing()
    {
        var path = Path.Combine(_dir, "m.xyz");
        var e = Assert.Throws<TesseraArgumentException>(() => MeshFile.Write(path, TestMeshes.Triangle()));
        Assert.Equal("path", e.ParamName);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void Write_Existing_ReplacedAtomicallyWithoutTempFiles()
    {
        var path = Path.Combine(_dir, "m.obj");
        MeshFile.Write(path, TestMeshes.Triangle());
        MeshFile.Write(path, TestMeshes.Tetrahedron());
        Assert.Equal(4, MeshFile.Read(path).FaceCount);
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public void Read_Missing_ThrowsFileNotFound()
        => Assert.Throws<FileNotFoundException>(() => MeshFile.Read(Path.Combine(_dir, "none.obj")));
}
