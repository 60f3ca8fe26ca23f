using CsCheck;
using Tessera.Core.Errors;
using Tessera.Geometry.Subdivision;
using Tessera.Geometry.Topology;

namespace Tessera.Geometry.Tests.Topology;

public sealed class TopologyAnalyzerTests
{
    [Fact]
    public void Analyze_SingleTriangle_OneBoundaryLoop()
    {
        var r = TopologyAnalyzer.Analyze(TestMeshes.Triangle());
        Assert.Equal(3, r.BoundaryEdges);
        Assert.Equal(1, r.BoundaryLoops);
        Assert.Equal(1, r.EulerCharacteristic);
        Assert.Equal(0, r.Genus);
        Assert.False(r.Closed);
        Assert.True(r.Manifold);
    }

    [Fact]
    public void Analyze_Tetrahedron_ClosedGenusZeroPositiveVolume()
    {
        var r = TopologyAnalyzer.Analyze(TestMeshes.Tetrahedron());
        Assert.True(r.Closed);
        Assert.Equal(2, r.EulerCharacteristic);
        Assert.Equal(0, r.Genus);
        Assert.True(r.SignedVolume > 0);
    }

    [Fact]
    public void Analyze_Bowtie_OneNonManifoldVertex()
    {
        var r = TopologyAnalyzer.Analyze(TestMeshes.Bowtie());
        Assert.Equal(1, r.NonManifoldVertices);
        Assert.Equal(1, r.MultiFanVertices);
        Assert.Equal(1, r.Components);
        Assert.Equal(2, r.EdgeConnectedComponents);
        Assert.Null(r.Genus);
        Assert.Equal([0], r.FirstNonManifoldVertices);
    }

    [Fact]
    public void Analyze_FlippedFace_NotConsistentlyOrientedButOrientable()
    {
        var t = TestMeshes.Tetrahedron();
        var tri = t.Triangles.ToArray();
        (tri[1], tri[2]) = (tri[2], tri[1]);
        var r = TopologyAnalyzer.Analyze(new TriangleMesh(t.Positions, tri));
        Assert.False(r.ConsistentlyOriented);
        Assert.True(r.Orientable);
    }

    [Fact]
    public void Analyze_UnreferencedVertex_CountedInVerticesOnly()
    {
        var m = new TriangleMesh([new Vec3(0, 0, 0), new Vec3(1, 0, 0), new Vec3(0, 1, 0), new Vec3(5, 5, 5)], [0, 1, 2]);
        var r = TopologyAnalyzer.Analyze(m);
        Assert.Equal(4, r.Vertices);
        Assert.Equal(3, r.UsedVertices);
        Assert.Equal(1, r.UnreferencedVertices);
        Assert.Equal(new Vec3(1, 1, 0), r.BoundsMax);
    }

    [Fact]
    public void Validator_Bowtie_ThrowsNamingParameterAndVertex()
    {
        var e = Assert.Throws<TesseraArgumentException>(() => MeshValidator.Check(TestMeshes.Bowtie(), "input"));
        Assert.Equal("input", e.ParamName);
        Assert.Contains("first: 0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validator_NonManifoldEdge_ListsEdge()
    {
        var e = Assert.Throws<TesseraArgumentException>(() => MeshValidator.Check(TestMeshes.Fixture("nonmanifold_edge")));
        Assert.Contains("singular edge", e.Message, StringComparison.Ordinal);
        Assert.Contains("0-1", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Property: χ = 2 − 2g for random closed tori and spheres, and subdivision keeps χ, closedness and
    /// manifoldness.</summary>
    [Fact]
    public void EulerCharacteristic_RandomTori_IsZeroAndSurvivesSubdivision()
    {
        Gen.Select(Gen.Int[3, 14], Gen.Int[3, 10], Gen.Int[0, 1], Gen.Int[0, 1]).Sample((nu, nv, scheme, steps) =>
        {
            var mesh = MeshGenerators.Torus(nu, nv);
            var before = MeshValidator.Check(mesh);
            Assert.Equal(0, before.EulerCharacteristic);
            Assert.Equal(1, before.Genus);
            var sub = scheme == 0 ? LoopSubdivision.Apply(mesh, steps + 1) : Sqrt3Subdivision.Apply(mesh, steps + 1);
            var after = MeshValidator.Check(sub);
            Assert.True(after.Closed && after.Manifold);
            Assert.Equal(0, after.EulerCharacteristic);
            Assert.Equal(1, after.Genus);
        }, iter: 40, seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void EulerCharacteristic_Icospheres_IsTwo()
    {
        Gen.Int[0, 3].Sample(levels =>
        {
            var r = MeshValidator.Check(MeshGenerators.Icosphere(levels));
            Assert.Equal(2, r.EulerCharacteristic);
            Assert.Equal(20 * (1 << (2 * levels)), r.Faces);
        }, iter: 8);
    }
}
