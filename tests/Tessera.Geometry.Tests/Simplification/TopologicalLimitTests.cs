using Tessera.Geometry.Simplification;
using Tessera.Geometry.Topology;

namespace Tessera.Geometry.Tests.Simplification;

/// <summary>QEM at targets below what the topology allows: the smallest closed manifold of the same genus and
/// components, and a report of why the target was not reached.</summary>
public sealed class TopologicalLimitTests
{
    public static TheoryData<string, int, int> Surfaces => new()
    {
        { "icosphere", 0, 4 },
        { "cube", 0, 4 },
        { "torus", 1, 14 },
        { "torus_coarse", 1, 14 },
        { "genus2", 2, 24 },
    };

    [Theory]
    [MemberData(nameof(Surfaces))]
    public void Qem_TargetOne_ReachesTheMinimalTriangulationOfTheSameGenus(string fixture, int genus, int minimum)
    {
        var result = QemSimplification.Simplify(TestMeshes.Fixture(fixture), new QemOptions { TargetFaces = 1 });
        var r = MeshValidator.Check(result.Mesh);
        Assert.True(r.Closed);
        Assert.Equal(1, r.Components);
        Assert.Equal(genus, r.Genus);
        Assert.Equal(minimum, result.Mesh.FaceCount);
        Assert.False(result.TargetReached);
        Assert.Equal(QemStopReason.TopologicalMinimum, result.StopReason);
        Assert.Equal(minimum, result.MinimumFaces);
        Assert.Contains($"stopped at {minimum} faces", result.Explanation, StringComparison.Ordinal);
        Assert.Contains($"genus {genus}", result.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Qem_GeneratedTorus_ReachesSevenVerticesAndFourteenFaces()
    {
        var result = QemSimplification.Simplify(MeshGenerators.Torus(24, 12), new QemOptions { TargetFaces = 10 });
        var r = MeshValidator.Check(result.Mesh);
        Assert.Equal(1, r.Genus);
        Assert.Equal(7, result.Mesh.VertexCount);
        Assert.Equal(14, result.Mesh.FaceCount);
    }

    [Fact]
    public void Qem_TwoComponents_EachKeepsItsMinimum()
    {
        // an icosphere (genus 0: 4 faces) and a torus (genus 1: 14) in one file
        var result = QemSimplification.Simplify(TestMeshes.Fixture("two_components"), new QemOptions { TargetFaces = 1 });
        var r = MeshValidator.Check(result.Mesh);
        Assert.Equal(2, r.Components);
        Assert.Equal(18, result.Mesh.FaceCount);
        Assert.Equal(18, result.MinimumFaces);
        Assert.Equal(QemStopReason.TopologicalMinimum, result.StopReason);
    }

    [Fact]
    public void Qem_ReachableTarget_ReportsReachedWithoutRelaxing()
    {
        var result = QemSimplification.Simplify(TestMeshes.Fixture("torus"), new QemOptions { TargetFaces = 200 });
        Assert.True(result.TargetReached);
        Assert.Equal(QemStopReason.TargetReached, result.StopReason);
        Assert.Equal(0, result.RelaxedCollapses);
        Assert.Equal(0, result.EdgeFlips);
    }

    [Fact]
    public void Qem_NormalGuardKept_StopsAboveTheMinimumAndNamesTheGuard()
    {
        var result = QemSimplification.Simplify(TestMeshes.Fixture("genus2"), new QemOptions { TargetFaces = 1, RelaxNormalGuard = false });
        Assert.True(result.Mesh.FaceCount > 24);
        Assert.Equal(2, MeshValidator.Check(result.Mesh).Genus);
        Assert.Equal(0, result.RelaxedCollapses + result.EdgeFlips);
        Assert.NotEqual(QemStopReason.TopologicalMinimum, result.StopReason);
        Assert.Equal(24, result.MinimumFaces);
        Assert.Contains("topological minimum: 24 faces", result.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Qem_PreservedBoundary_ReportsTheVeto()
    {
        var result = QemSimplification.Simplify(TestMeshes.Grid(8), new QemOptions { TargetFaces = 1, PreserveBoundary = true });
        Assert.False(result.TargetReached);
        Assert.Equal(QemStopReason.Vetoed, result.StopReason);
        Assert.Null(result.MinimumFaces);
        Assert.Contains(nameof(BoundaryLockCriterion), result.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Qem_MaxError_ReportsTheBoundAndTheRefusedCost()
    {
        var result = QemSimplification.Simplify(TestMeshes.Fixture("torus"), new QemOptions { TargetFaces = 100, MaxError = 1e-9 });
        Assert.Equal(QemStopReason.MaxError, result.StopReason);
        Assert.False(result.TargetReached);
        Assert.Contains("above MaxError", result.Explanation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 4, 4)]
    [InlineData(1, 7, 14)]
    [InlineData(2, 10, 24)]
    [InlineData(3, 10, 28)]
    [InlineData(6, 12, 44)]
    public void MinimalTriangulation_VertexAndFaceCounts(int genus, int vertices, int faces)
    {
        Assert.Equal(vertices, TopologicalMinimum.Vertices(genus));
        Assert.Equal(faces, TopologicalMinimum.Faces(genus));
    }

    [Fact]
    public void EditableMesh_FlipTwice_RestoresTheConnectivityAndKeepsOrientation()
    {
        var mesh = MeshGenerators.Icosphere(1);
        var em = new EditableMesh(mesh);
        var (u, v) = em.LiveEdges()[0];
        Assert.True(em.CanFlip(u, v));
        var (a, b) = em.Flip(u, v);
        var flipped = em.ToMesh();
        var r = MeshValidator.Check(flipped);
        Assert.True(r.Closed);
        Assert.Equal(0, r.Genus);
        Assert.DoesNotContain(em.LiveEdges(), e => e == (Math.Min(u, v), Math.Max(u, v)));
        Assert.Contains(em.LiveEdges(), e => e == (Math.Min(a, b), Math.Max(a, b)));
        em.Flip(a, b);
        var before = mesh.Triangles.ToArray().Chunk(3).Select(Canonical).Order().ToList();
        var after = em.ToMesh().Triangles.ToArray().Chunk(3).Select(Canonical).Order().ToList();
        Assert.Equal(before, after);
    }

    /// <summary>A face as its vertex triple rotated to start at the smallest index (orientation kept).</summary>
    private static (int, int, int) Canonical(int[] t)
    {
        var k = Array.IndexOf(t, t.Min());
        return (t[k], t[(k + 1) % 3], t[(k + 2) % 3]);
    }
}
