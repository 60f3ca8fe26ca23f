using Tessera.Core.Errors;
using Tessera.Geometry.Subdivision;
using Tessera.Geometry.Topology;

namespace Tessera.Geometry.Tests.Subdivision;

/// <summary>The oriented shortcut of <see cref="SubdivisionEdges"/> against the general <see cref="MeshConnectivity"/>
/// path: same edges, same subdivided meshes bit for bit, and it steps aside for every mesh it cannot hold.</summary>
public sealed class SubdivisionEdgesTests
{
    public static TheoryData<string> Manifolds => new()
    {
        "tetrahedron", "grid1", "grid2", "grid5", "torus6x4", "torus9x7", "icosphere", "genus2", "hemisphere", "torus", "two_components",
        "grid_8x8", "cube",
    };

    private static TriangleMesh Mesh(string name) => name switch
    {
        "tetrahedron" => TestMeshes.Tetrahedron(),
        "grid1" => TestMeshes.Grid(1),
        "grid2" => TestMeshes.Grid(2),
        "grid5" => TestMeshes.Grid(5),
        "torus6x4" => MeshGenerators.BumpyTorus(6, 4),
        "torus9x7" => MeshGenerators.BumpyTorus(9, 7),
        _ => TestMeshes.Fixture(name),
    };

    [Theory]
    [MemberData(nameof(Manifolds))]
    public void Shortcut_GivesTheEdgesOfMeshConnectivity(string name)
    {
        var mesh = Mesh(name);
        using var fast = SubdivisionEdges.TryBuild(mesh.TriangleArray, mesh.VertexCount, validateFans: true, default);
        Assert.NotNull(fast);
        using var general = SubdivisionEdges.FromConnectivity(new MeshConnectivity(mesh));
        Assert.Equal(general.EdgeCount, fast.EdgeCount);
        Assert.True(fast.EdgeOfHalfedge.AsSpan(0, 3 * mesh.FaceCount).SequenceEqual(general.EdgeOfHalfedge.AsSpan(0, 3 * mesh.FaceCount)));
        Assert.True(fast.First.AsSpan(0, fast.EdgeCount).SequenceEqual(general.First.AsSpan(0, fast.EdgeCount)));
        Assert.True(fast.Second.AsSpan(0, fast.EdgeCount).SequenceEqual(general.Second.AsSpan(0, fast.EdgeCount)));
    }

    [Theory]
    [MemberData(nameof(Manifolds))]
    public void Steps_OnShortcutAndGeneralEdges_GiveIdenticalMeshes(string name)
    {
        var mesh = Mesh(name);
        foreach (var scheme in new[] { "loop", "sqrt3-even", "sqrt3-odd" })
        {
            TriangleMesh Run(SubdivisionEdges edges) => scheme switch
            {
                "loop" => LoopSubdivision.Step(mesh, edges),
                "sqrt3-even" => Sqrt3Subdivision.Step(mesh, oddStep: false, edges),
                _ => Sqrt3Subdivision.Step(mesh, oddStep: true, edges),
            };
            using var fast = SubdivisionEdges.TryBuild(mesh.TriangleArray, mesh.VertexCount, validateFans: true, default)!;
            using var general = SubdivisionEdges.FromConnectivity(new MeshConnectivity(mesh));
            var a = Run(fast);
            var b = Run(general);
            Assert.True(a.Positions.SequenceEqual(b.Positions), $"{name} {scheme}: positions differ");
            Assert.True(a.Triangles.SequenceEqual(b.Triangles), $"{name} {scheme}: faces differ");
            MeshValidator.Check(a);
        }
    }

    [Fact]
    public void Shortcut_StepsAside_ForWhatOnlyTheGeneralPathHandles()
    {
        // Two fans at one vertex: the manifold check of a first step needs the general path (which rejects it).
        var bowtie = TestMeshes.Bowtie();
        Assert.Null(SubdivisionEdges.TryBuild(bowtie.TriangleArray, bowtie.VertexCount, validateFans: true, default));
        Assert.NotNull(SubdivisionEdges.TryBuild(bowtie.TriangleArray, bowtie.VertexCount, validateFans: false, default));
        // Three faces on one edge.
        var singular = TestMeshes.Fixture("nonmanifold_edge");
        Assert.Null(SubdivisionEdges.TryBuild(singular.TriangleArray, singular.VertexCount, validateFans: false, default));
        // No face at all (the general path rejects it, naming the mesh).
        Assert.Null(SubdivisionEdges.TryBuild([], 1, validateFans: true, default));
        // An index-degenerate face.
        var degenerate = new TriangleMesh([new Vec3(0, 0, 0), new Vec3(1, 0, 0), new Vec3(0, 1, 0)], [0, 1, 2, 0, 0, 1]);
        Assert.Null(SubdivisionEdges.TryBuild(degenerate.TriangleArray, degenerate.VertexCount, validateFans: false, default));
        // One face of a grid turned over: its interior edges are walked the same way twice.
        Assert.Null(SubdivisionEdges.TryBuild(FlippedGrid().TriangleArray, FlippedGrid().VertexCount, validateFans: false, default));
    }

    [Fact]
    public void Apply_InconsistentOrientation_TakesTheGeneralPathWithTheSameResultAsBefore()
    {
        // A manifold with one face turned over is accepted (orientation is not required); the shortcut cannot hold
        // it, so both steps of the call run on MeshConnectivity and match a step-by-step run on it.
        var mesh = FlippedGrid();
        var sub = LoopSubdivision.Apply(mesh, 2);
        var expected = mesh;
        for (var i = 0; i < 2; i++)
        {
            using var edges = SubdivisionEdges.FromConnectivity(new MeshConnectivity(expected));
            expected = LoopSubdivision.Step(expected, edges);
        }
        Assert.True(sub.Positions.SequenceEqual(expected.Positions));
        Assert.True(sub.Triangles.SequenceEqual(expected.Triangles));
    }

    [Fact]
    public void Apply_NonManifold_StillRejectedWithTheListingMessage()
    {
        var e = Assert.Throws<TesseraArgumentException>(() => Sqrt3Subdivision.Apply(TestMeshes.Bowtie(), 1));
        Assert.Equal("mesh", e.ParamName);
        Assert.Contains("2-manifold", e.Message, StringComparison.Ordinal);
        Assert.Throws<TesseraArgumentException>(() => LoopSubdivision.Apply(TestMeshes.Bowtie(), 0));
    }

    [Fact]
    public void Apply_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => LoopSubdivision.Apply(MeshGenerators.BumpyTorus(8, 8), 1, cancellationToken: cts.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => Sqrt3Subdivision.Apply(MeshGenerators.BumpyTorus(8, 8), 1, cancellationToken: cts.Token));
    }

    private static TriangleMesh FlippedGrid()
    {
        var grid = TestMeshes.Grid(3);
        var tri = grid.Triangles.ToArray();
        // Face 4 lies inside the grid; reverse its corners.
        (tri[12], tri[13]) = (tri[13], tri[12]);
        return new TriangleMesh(grid.Positions, tri);
    }
}
