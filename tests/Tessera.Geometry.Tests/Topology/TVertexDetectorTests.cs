using Tessera.Core.Errors;
using Tessera.Geometry.Topology;

namespace Tessera.Geometry.Tests.Topology;

public class TVertexDetectorTests
{
    [Fact]
    public void Find_StitchedWithoutSplit_ReportsMidpointOnTheLongEdge()
    {
        // Upper triangle uses edge A–B; the lower strip splits that edge at D, leaving a T-junction at D.
        var mesh = new TriangleMesh(
            [new Vec3(0, 0, 0), new Vec3(2, 0, 0), new Vec3(1, 1, 0), new Vec3(1, 0, 0), new Vec3(1, -1, 0)],
            [0, 1, 2, 0, 4, 3, 3, 4, 1]);

        var found = TVertexDetector.Find(mesh);

        Assert.Equal([new TVertex(3, 0, 1)], found);
    }

    [Theory]
    [InlineData("icosahedron")]
    [InlineData("torus")]
    [InlineData("grid_8x8")]
    public void Find_ConformingFixtureMesh_FindsNone(string name)
    {
        Assert.Empty(TVertexDetector.Find(TestMeshes.Fixture(name)));
    }

    [Fact]
    public void Find_VertexNearButOffTheEdge_NotReported()
    {
        var mesh = new TriangleMesh(
            [new Vec3(0, 0, 0), new Vec3(2, 0, 0), new Vec3(1, 1, 0), new Vec3(1, 1e-3, 0), new Vec3(1, -1, 0)],
            [0, 1, 2, 0, 4, 3, 3, 4, 1]);
        Assert.Empty(TVertexDetector.Find(mesh));
        Assert.Single(TVertexDetector.Find(mesh, relativeTolerance: 1e-3));
    }

    [Fact]
    public void Find_NegativeTolerance_ThrowsNamingArgument()
    {
        var ex = Assert.Throws<TesseraArgumentException>(() => TVertexDetector.Find(TestMeshes.Triangle(), -1));
        Assert.Equal("relativeTolerance", ex.ParamName);
    }
}
