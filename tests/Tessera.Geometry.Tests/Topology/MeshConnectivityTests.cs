using Tessera.Geometry.Topology;

namespace Tessera.Geometry.Tests.Topology;

public sealed class MeshConnectivityTests
{
    [Fact]
    public void Twin_ClosedMesh_IsInvolutionWithReversedDirection()
    {
        var mesh = MeshGenerators.Torus(7, 5);
        var c = new MeshConnectivity(mesh);
        for (var h = 0; h < c.HalfedgeCount; h++)
        {
            var t = c.Twin(h);
            Assert.True(t >= 0);
            Assert.Equal(h, c.Twin(t));
            Assert.Equal(c.From(h), c.To(t));
            Assert.Equal(c.Edge(h), c.Edge(t));
        }
        Assert.Equal(3 * 7 * 5, c.EdgeCount);
    }

    [Fact]
    public void Edges_NumberedByFirstAppearance()
    {
        var c = new MeshConnectivity(TestMeshes.Tetrahedron());
        // faces (0,1,2), (0,2,3), ...: sides (0,1), (1,2), (2,0), then (0,2) again, (2,3), (3,0).
        Assert.Equal(0, c.Edge(0));
        Assert.Equal(1, c.Edge(1));
        Assert.Equal(2, c.Edge(2));
        Assert.Equal(2, c.Edge(3));
        Assert.Equal(3, c.Edge(4));
        Assert.Equal(4, c.Edge(5));
    }

    [Fact]
    public void Boundary_GridEdges_HaveNoTwin()
    {
        var c = new MeshConnectivity(TestMeshes.Grid(3));
        var boundary = Enumerable.Range(0, c.EdgeCount).Count(c.IsBoundaryEdge);
        Assert.Equal(12, boundary);
        Assert.Equal(12, Enumerable.Range(0, c.HalfedgeCount).Count(h => c.Twin(h) == -1));
    }

    [Fact]
    public void Outgoing_ListsOneHalfedgePerIncidentFace()
    {
        var c = new MeshConnectivity(TestMeshes.Tetrahedron());
        for (var v = 0; v < 4; v++)
        {
            var outgoing = c.Outgoing(v);
            Assert.Equal(3, outgoing.Length);
            foreach (var h in outgoing) { Assert.Equal(v, c.From(h)); }
        }
    }
}
