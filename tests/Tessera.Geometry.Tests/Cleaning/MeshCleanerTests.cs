using Tessera.Core.Errors;
using Tessera.Geometry.Cleaning;
using Tessera.Geometry.Topology;

namespace Tessera.Geometry.Tests.Cleaning;

public sealed class MeshCleanerTests
{
    [Fact]
    public void Clean_Dirty_GivesCube()
    {
        var (mesh, report) = MeshCleaner.Clean(TestMeshes.Fixture("dirty"));
        var cube = TestMeshes.Fixture("cube");
        Assert.True(cube.Positions.SequenceEqual(mesh.Positions));
        Assert.True(cube.Triangles.SequenceEqual(mesh.Triangles));
        Assert.Equal(2, report.WeldedVertices);
        Assert.Equal(1, report.ZeroAreaFaces);
        MeshValidator.Check(mesh);
    }

    [Fact]
    public void Clean_FlippedAndDuplicateFaces_Repaired()
    {
        var t = TestMeshes.Tetrahedron();
        var tri = t.Triangles.ToArray().Concat([2, 1, 0]).ToArray();
        (tri[4], tri[5]) = (tri[5], tri[4]);
        var (mesh, report) = MeshCleaner.Clean(new TriangleMesh(t.Positions, tri));
        Assert.Equal(1, report.DuplicateFaces);
        Assert.Equal(1, report.FlippedFaces);
        MeshValidator.Check(mesh);
    }

    [Fact]
    public void Clean_WeldTolerance_MergesNearbyVertices()
    {
        var m = new TriangleMesh([new Vec3(0, 0, 0), new Vec3(1, 0, 0), new Vec3(0, 1, 0), new Vec3(1e-9, 0, 0), new Vec3(0, -1, 0)], [0, 1, 2, 3, 4, 1]);
        var (mesh, report) = MeshCleaner.Clean(m, new CleanOptions { WeldTolerance = 1e-6 });
        Assert.Equal(1, report.WeldedVertices);
        Assert.Equal(4, mesh.VertexCount);
    }

    [Fact]
    public void Clean_NegativeTolerance_Throws()
    {
        Assert.Throws<TesseraArgumentException>(() => MeshCleaner.Clean(TestMeshes.Triangle(), new CleanOptions { WeldTolerance = -1 }));
    }
}
