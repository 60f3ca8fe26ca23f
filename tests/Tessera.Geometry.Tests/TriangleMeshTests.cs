using Tessera.Core.Errors;

namespace Tessera.Geometry.Tests;

public sealed class TriangleMeshTests
{
    [Fact]
    public void Constructor_IndexOutOfRange_ThrowsNamingTriangles()
    {
        var e = Assert.Throws<TesseraArgumentException>(() => new TriangleMesh([new Vec3(0, 0, 0)], [0, 0, 3]));
        Assert.Equal("triangles", e.ParamName);
    }

    [Fact]
    public void Constructor_NaN_ThrowsNamingPositions()
    {
        var e = Assert.Throws<TesseraArgumentException>(() => new TriangleMesh([new Vec3(double.NaN, 0, 0)], []));
        Assert.Equal("positions", e.ParamName);
    }

    [Fact]
    public void Constructor_IndexCountNotMultipleOfThree_Throws()
    {
        Assert.Throws<TesseraArgumentException>(() => new TriangleMesh([new Vec3(0, 0, 0), new Vec3(1, 0, 0)], [0, 1]));
    }

    [Fact]
    public void Constructor_CopiesInputs()
    {
        Vec3[] pos = [new(0, 0, 0), new(1, 0, 0), new(0, 1, 0)];
        int[] tri = [0, 1, 2];
        var m = new TriangleMesh(pos, tri);
        pos[0] = new Vec3(9, 9, 9);
        tri[0] = 2;
        Assert.Equal(new Vec3(0, 0, 0), m.Positions[0]);
        Assert.Equal(0, m.Triangles[0]);
    }

    [Fact]
    public void Area_UnitRightTriangle_IsHalf() => Assert.Equal(0.5, TestMeshes.Triangle().Area(), 12);
}
