using System.Text;
using Tessera.Core.Errors;
using Tessera.Geometry.IO;
using Tessera.Geometry.Simplification;
using Tessera.Geometry.Subdivision;
using Tessera.Geometry.Triangulation;

namespace Tessera.Geometry.Tests.IO;

/// <summary>Inputs that used to give a silently wrong answer (an empty mesh, a truncated point) are errors naming the cause.</summary>
public class MalformedInputTests
{
    [Fact]
    public void ObjRead_EmptyFile_Rejected()
    {
        var e = Assert.Throws<TesseraFormatException>(() => ObjFormat.Read([], "empty.obj"));
        Assert.Contains("empty.obj: the file is empty (0 bytes)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ObjRead_BinaryStlNamedObj_SaysItIsAnStl()
    {
        var stl = new byte[84 + 50];
        stl[80] = 1;
        var e = Assert.Throws<TesseraFormatException>(() => ObjFormat.Read(stl, "model.obj"));
        Assert.Contains("binary data", e.Message, StringComparison.Ordinal);
        Assert.Contains("give it the .stl extension", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ObjRead_TextWithoutVertices_NamesTheFirstForeignStatement()
    {
        var e = Assert.Throws<TesseraFormatException>(() => ObjFormat.Read(Encoding.ASCII.GetBytes("# hi\nhello world\n"), "words.obj"));
        Assert.Contains("holds no vertices", e.Message, StringComparison.Ordinal);
        Assert.Contains("line 2: 'hello'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VertexClustering_CellSizeTooSmallForExtent_Rejected()
    {
        var e = Assert.Throws<TesseraArgumentException>(() => VertexClustering.Apply(TestMeshes.Tetrahedron(), 1e-300));
        Assert.Equal("cellSize", e.ParamName);
        Assert.Contains("cells per axis, more than 2^40", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Subdivide_OutputPastTheFaceBudget_RefusedBeforeWork()
    {
        var mesh = TestMeshes.Tetrahedron();
        var e = Assert.Throws<TesseraArgumentException>(() => LoopSubdivision.Apply(mesh, 10, maxFaces: 1_000_000));
        Assert.Contains("10 Loop step(s) would turn 4 faces into 4,194,304, more than the limit of 1,000,000", e.Message, StringComparison.Ordinal);
        var big = MeshGenerators.Torus(16, 8);
        Assert.Throws<TesseraArgumentException>(() => LoopSubdivision.Apply(big, 10));
        Assert.Throws<TesseraArgumentException>(() => Sqrt3Subdivision.Apply(mesh, 3, maxFaces: 100));
        Assert.Equal(4 * 27, Sqrt3Subdivision.Apply(mesh, 3, maxFaces: 108).FaceCount);
    }

    [Theory]
    [InlineData("""{"outer": [[0, 0], [1, 0, 5], [0, 1]]}""", "outer[1]", "exactly [x, y] (got 3 numbers)")]
    [InlineData("""{"outer": [[0, 0], [1, "a"], [0, 1]]}""", "outer[1]", "finite numbers")]
    [InlineData("""{"outer": [[0, 0], [1, 0], [0, 1]], "holes": [[[0.1, 0.1], [0.2]]]}""", "holes[0][1]", "got 1 numbers")]
    public void PolygonJson_MalformedPoint_NamesIt(string json, string where, string rule)
    {
        var e = Assert.Throws<TesseraFormatException>(() => PolygonJson.Read(json, "p.json"));
        Assert.Equal(where, e.Position);
        Assert.Contains(rule, e.Message, StringComparison.Ordinal);
    }
}
