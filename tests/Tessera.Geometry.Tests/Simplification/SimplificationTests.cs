using Tessera.Core.Errors;
using Tessera.Geometry.Simplification;
using Tessera.Geometry.Topology;

namespace Tessera.Geometry.Tests.Simplification;

public sealed class SimplificationTests
{
    [Theory]
    [InlineData(1000)]
    [InlineData(100)]
    [InlineData(20)]
    public void Qem_Icosphere_ReachesTargetKeepingGenus(int target)
    {
        var mesh = MeshGenerators.Icosphere(4);
        var result = QemSimplification.Apply(mesh, new QemOptions { TargetFaces = target });
        var r = MeshValidator.Check(result);
        Assert.True(result.FaceCount <= target);
        Assert.True(r.Closed);
        Assert.Equal(0, r.Genus);
    }

    [Fact]
    public void Qem_Torus_KeepsGenusEvenAtFewFaces()
    {
        var result = QemSimplification.Apply(MeshGenerators.Torus(24, 12), new QemOptions { TargetFaces = 30 });
        var r = MeshValidator.Check(result);
        Assert.Equal(1, r.Genus);
        Assert.True(result.FaceCount <= 40);
    }

    [Fact]
    public void Qem_PreserveBoundary_KeepsBoundaryVerticesExactly()
    {
        var grid = TestMeshes.Grid(8);
        var boundary = grid.Positions.ToArray().Where(p => p.X is 0 or 1 || p.Y is 0 or 1).ToHashSet();
        var result = QemSimplification.Apply(grid, new QemOptions { TargetFaces = 40, PreserveBoundary = true });
        var r = MeshValidator.Check(result);
        Assert.Equal(1, r.BoundaryLoops);
        var kept = result.Positions.ToArray().ToHashSet();
        Assert.Subset(kept, boundary);
    }

    [Fact]
    public void Qem_VetoAllCriterion_ChangesNothing()
    {
        var mesh = MeshGenerators.Icosphere(1);
        var result = QemSimplification.Apply(mesh, new QemOptions { TargetFaces = 10, Criteria = [new VetoAll()] });
        Assert.Equal(mesh.FaceCount, result.FaceCount);
    }

    [Fact]
    public void Qem_CriterionCost_DelaysCollapsesInThePenalisedRegion()
    {
        // 1280 faces to 900: the 380 faces can all come from the unpenalised half (x < 0), so with the cost no
        // collapse touches x > 0 and every vertex there survives unmoved; without it, the order is the quadric's
        // and many of them go.
        var mesh = MeshGenerators.Icosphere(3);
        var right = mesh.Positions.ToArray().Where(p => p.X > 0).ToList();
        var plain = QemSimplification.Apply(mesh, new QemOptions { TargetFaces = 900 });
        var costed = QemSimplification.Apply(mesh, new QemOptions { TargetFaces = 900, Criteria = [new PenaliseRightHalf()] });
        Assert.True(costed.FaceCount <= 900);
        var plainKept = plain.Positions.ToArray().ToHashSet();
        var costedKept = costed.Positions.ToArray().ToHashSet();
        Assert.True(right.Count(plainKept.Contains) < right.Count * 3 / 4, "control: without the cost the right half is simplified too");
        Assert.All(right, p => Assert.Contains(p, costedKept));
    }

    [Fact]
    public void Qem_CriterionCost_CountsAgainstMaxError()
    {
        // every collapse costs 1 more than its quadric error, so a bound of 0.5 stops before the first one
        var mesh = MeshGenerators.Icosphere(2);
        var result = QemSimplification.Apply(mesh, new QemOptions { TargetFaces = 100, MaxError = 0.5, Criteria = [new ConstantCost(1)] });
        Assert.Equal(mesh.FaceCount, result.FaceCount);
        Assert.True(QemSimplification.Apply(mesh, new QemOptions { TargetFaces = 100, MaxError = 0.5 }).FaceCount <= 100);
    }

    [Fact]
    public void Qem_NegativeCriterionCost_Throws()
    {
        var e = Assert.Throws<TesseraArgumentException>(() =>
            QemSimplification.Apply(MeshGenerators.Icosphere(1), new QemOptions { TargetFaces = 10, Criteria = [new ConstantCost(-1)] }));
        Assert.Contains("ConstantCost", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Qem_MaxError_StopsEarly()
    {
        var mesh = MeshGenerators.Icosphere(3);
        var result = QemSimplification.Apply(mesh, new QemOptions { MaxError = 1e-12 });
        Assert.Equal(mesh.FaceCount, result.FaceCount);
    }

    [Fact]
    public void Qem_NonManifold_ThrowsNamingMesh()
    {
        var e = Assert.Throws<TesseraArgumentException>(() => QemSimplification.Apply(TestMeshes.Bowtie(), new QemOptions { TargetFaces = 1 }));
        Assert.Equal("mesh", e.ParamName);
    }

    [Fact]
    public void Qem_NoTarget_Throws()
        => Assert.Throws<TesseraArgumentException>(() => QemSimplification.Apply(TestMeshes.Tetrahedron(), new QemOptions()));

    [Fact]
    public void VertexDecimation_Icosphere_KeepsManifoldAndGenus()
    {
        var result = VertexDecimation.Apply(MeshGenerators.Icosphere(3), 300);
        var r = MeshValidator.Check(result);
        Assert.True(result.FaceCount <= 300);
        Assert.Equal(0, r.Genus);
    }

    [Fact]
    public void VertexClustering_ReducesFacesWithValidIndices()
    {
        var mesh = MeshGenerators.Icosphere(4);
        var result = VertexClustering.Apply(mesh, 0.2);
        Assert.True(result.FaceCount < mesh.FaceCount / 4);
        Assert.True(result.FaceCount > 0);
        Assert.Throws<TesseraArgumentException>(() => VertexClustering.Apply(mesh, 0));
    }

    private sealed class PenaliseRightHalf : ICollapseCriterion
    {
        public double Score(ICollapseView view, in CollapseCandidate candidate)
            => view.Position(candidate.Keep).X > 0 || view.Position(candidate.Remove).X > 0 || candidate.Target.X > 0 ? 1e6 : 0;
    }

    private sealed class ConstantCost(double cost) : ICollapseCriterion
    {
        public double Score(ICollapseView view, in CollapseCandidate candidate) => cost;
    }

    private sealed class VetoAll : ICollapseCriterion
    {
        public double Score(ICollapseView view, in CollapseCandidate candidate) => double.PositiveInfinity;
    }
}
