using CsCheck;
using Tessera.Core.Errors;
using Tessera.Geometry.Subdivision;
using Tessera.Geometry.Topology;

namespace Tessera.Geometry.Tests.Subdivision;

public sealed class SubdivisionTests
{
    [Fact]
    public void Loop_ClosedMesh_CountsFollowFormula()
    {
        var mesh = TestMeshes.Tetrahedron();
        var r = MeshValidator.Check(LoopSubdivision.Apply(mesh));
        Assert.Equal((4 + 6, 12 + 12, 16), (r.Vertices, r.Edges, r.Faces));
    }

    [Fact]
    public void Loop_FirstStep_OldVerticesKeepIndicesAndEdgePointsFollow()
    {
        var mesh = TestMeshes.Tetrahedron();
        var sub = LoopSubdivision.Apply(mesh);
        // Edge 0 is (0,1) with opposite vertices 2 and 3: 3/8 (v0+v1) + 1/8 (v2+v3).
        var p = mesh.Positions;
        var expected = (0.375 * (p[0] + p[1])) + (0.125 * (p[2] + p[3]));
        Assert.True((sub.Positions[4] - expected).Length < 1e-15);
    }

    [Fact]
    public void Sqrt3_OpenGrid_TwoStepsKeepBoundaryLoopAndManifold()
    {
        var grid = TestMeshes.Grid(4);
        var one = MeshValidator.Check(Sqrt3Subdivision.Apply(grid, 1));
        var two = MeshValidator.Check(Sqrt3Subdivision.Apply(grid, 2));
        Assert.Equal(1, one.BoundaryLoops);
        Assert.Equal(1, two.BoundaryLoops);
        Assert.Equal(1, two.EulerCharacteristic);
        Assert.Equal(3 * 3 * 32, two.Faces);
    }

    [Fact]
    public void Apply_InputNotModified()
    {
        var grid = TestMeshes.Grid(3);
        var before = grid.Positions.ToArray();
        _ = LoopSubdivision.Apply(grid, 2);
        _ = Sqrt3Subdivision.Apply(grid, 2);
        Assert.True(before.AsSpan().SequenceEqual(grid.Positions));
    }

    [Fact]
    public void Apply_NonManifold_ThrowsNamingMesh()
    {
        var e = Assert.Throws<TesseraArgumentException>(() => LoopSubdivision.Apply(TestMeshes.Bowtie()));
        Assert.Equal("mesh", e.ParamName);
        Assert.Throws<TesseraArgumentException>(() => Sqrt3Subdivision.Apply(TestMeshes.Fixture("nonmanifold_edge")));
    }

    [Fact]
    public void Apply_NegativeIterations_Throws()
    {
        var e = Assert.Throws<TesseraArgumentException>(() => LoopSubdivision.Apply(TestMeshes.Tetrahedron(), -1));
        Assert.Equal("iterations", e.ParamName);
    }

    /// <summary>Property: subdivision of random open and closed manifolds stays a consistently oriented manifold
    /// with the same χ, boundary loop count and genus.</summary>
    [Fact]
    public void Subdivision_RandomManifolds_StayManifold()
    {
        Gen.Select(Gen.Int[1, 6], Gen.Int[0, 1], Gen.Int[1, 3], Gen.Bool).Sample((n, scheme, steps, open) =>
        {
            var mesh = open ? TestMeshes.Grid(n) : MeshGenerators.BumpyTorus(n + 3, n + 3);
            var before = MeshValidator.Check(mesh);
            var sub = scheme == 0 ? LoopSubdivision.Apply(mesh, Math.Min(steps, 2)) : Sqrt3Subdivision.Apply(mesh, steps);
            var after = MeshValidator.Check(sub);
            Assert.Equal(before.EulerCharacteristic, after.EulerCharacteristic);
            Assert.Equal(before.BoundaryLoops, after.BoundaryLoops);
            Assert.Equal(before.Genus, after.Genus);
        }, iter: 30, seed: "0ZXGcbC7lq29");
    }
}
