using System.Text;
using Tessera.Core.Errors;
using Tessera.Geometry.Cleaning;
using Tessera.Geometry.IO;
using Tessera.Geometry.Simplification;
using Tessera.Geometry.Subdivision;
using Tessera.Geometry.Topology;

namespace Tessera.Geometry.Tests;

/// <summary>Invariants every mesh operator keeps: input untouched, deterministic output, topology kept where promised.</summary>
public sealed class OperatorCatalogueTests
{
    private static readonly Dictionary<string, (Func<TriangleMesh, TriangleMesh> Run, bool KeepsTopology)> Operators = new()
    {
        ["loop"] = (m => LoopSubdivision.Apply(m, 1), true),
        ["sqrt3"] = (m => Sqrt3Subdivision.Apply(m, 2), true),
        ["qem"] = (m => QemSimplification.Apply(m, new QemOptions { TargetFaces = Math.Max(1, m.FaceCount / 3) }), true),
        ["qem_area_halfedge"] = (m => QemSimplification.Apply(m, new QemOptions { TargetFaces = m.FaceCount / 3, AreaWeighted = true, OptimalPlacement = false }), true),
        ["vertex_decimation"] = (m => VertexDecimation.Apply(m, m.FaceCount / 2), true),
        ["clustering"] = (m => VertexClustering.Apply(m, 0.05), false),
        ["clean"] = (m => MeshCleaner.Clean(m).Mesh, true),
    };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var op in Operators.Keys)
        {
            data.Add(op, "bumpy_torus");
            data.Add(op, "grid");
        }
        return data;
    }

    private static TriangleMesh Input(string name) => name == "grid" ? TestMeshes.Grid(10) : MeshGenerators.BumpyTorus(24, 12);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Operator_InputUntouchedDeterministicAndValid(string op, string input)
    {
        var mesh = Input(input);
        var positions = mesh.Positions.ToArray();
        var triangles = mesh.Triangles.ToArray();
        var (run, keepsTopology) = Operators[op];
        var a = run(mesh);
        var b = run(mesh);
        Assert.True(positions.AsSpan().SequenceEqual(mesh.Positions));
        Assert.True(triangles.AsSpan().SequenceEqual(mesh.Triangles));
        Assert.True(a.Positions.SequenceEqual(b.Positions));
        Assert.True(a.Triangles.SequenceEqual(b.Triangles));
        if (keepsTopology)
        {
            var before = TopologyAnalyzer.Analyze(mesh);
            var after = MeshValidator.Check(a);
            Assert.Equal(before.EulerCharacteristic, after.EulerCharacteristic);
            Assert.Equal(before.BoundaryLoops, after.BoundaryLoops);
            Assert.Equal(before.Genus, after.Genus);
        }
    }

    [Theory]
    [InlineData("loop")]
    [InlineData("sqrt3")]
    [InlineData("qem")]
    [InlineData("vertex_decimation")]
    public void Operator_EmptyMesh_ThrowsNamingMesh(string op)
    {
        var empty = new TriangleMesh([new Vec3(0, 0, 0)], []);
        var e = Assert.Throws<TesseraArgumentException>(() => Operators[op].Run(empty));
        Assert.Equal("mesh", e.ParamName);
    }

    [Fact]
    public void Geometry_DoesNotReferenceTorchSharpOrOpenCv()
    {
        var refs = typeof(TriangleMesh).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();
        Assert.DoesNotContain(refs, r => r.StartsWith("TorchSharp", StringComparison.Ordinal));
        Assert.DoesNotContain(refs, r => r.StartsWith("OpenCvSharp", StringComparison.Ordinal));
        Assert.DoesNotContain(refs, r => r.StartsWith("Tessera.Imaging", StringComparison.Ordinal));
    }

    [Fact]
    public void Obj_NaNCoordinate_ThrowsWithLine()
    {
        var e = Assert.Throws<TesseraFormatException>(() => ObjFormat.Read("v 0 0 0\nv NaN 0 0\n"u8, "nan.obj"));
        Assert.Equal("line 2", e.Position);
    }

    [Fact]
    public void Analyze_EmptyMesh_AllZero()
    {
        var mesh = new TriangleMesh([], []);
        var r = TopologyAnalyzer.Analyze(mesh);
        Assert.Equal(0, r.Faces);
        Assert.Equal(0, r.Components);
        Assert.False(r.Closed);
    }
}
