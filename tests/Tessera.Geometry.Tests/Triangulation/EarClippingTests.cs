using CsCheck;
using Tessera.Core.Errors;
using Tessera.Geometry.Parity;
using Tessera.Geometry.Triangulation;

namespace Tessera.Geometry.Tests.Triangulation;

public sealed class EarClippingTests
{
    /// <summary>Random star-shaped polygon (always simple): n sorted angles, radii in [0.5, 1].</summary>
    private static readonly Gen<Vec2[]> StarPolygon =
        Gen.Int[3, 60].SelectMany(n => Gen.Double[0, 1].Array[n].SelectMany(angles => Gen.Double[0.5, 1].Array[n].Select(radii =>
        {
            var sorted = angles.Select((a, i) => (2 * Math.PI * (i + (0.8 * a))) / n).ToArray();
            return sorted.Select((t, i) => new Vec2(radii[i] * Math.Cos(t), radii[i] * Math.Sin(t))).ToArray();
        })));

    /// <summary>Star polygons whose sides stay farther than 0.41 from the origin (room for a hole).</summary>
    private static readonly Gen<Vec2[]> RoundStarPolygon =
        Gen.Int[8, 60].SelectMany(n => Gen.Double[0, 1].Array[n].SelectMany(angles => Gen.Double[0.5, 1].Array[n].Select(radii =>
        {
            var sorted = angles.Select((a, i) => (2 * Math.PI * (i + (0.5 * a))) / n).ToArray();
            return sorted.Select((t, i) => new Vec2(radii[i] * Math.Cos(t), radii[i] * Math.Sin(t))).ToArray();
        })));

    [Fact]
    public void Triangulate_RandomStarPolygons_NMinusTwoValidTriangles()
    {
        Gen.Select(StarPolygon, Gen.Bool).Sample((ring, reverse) =>
        {
            var pts = reverse ? ring.Reverse().ToArray() : ring;
            var polygon = new Polygon2(pts);
            var tris = EarClipping.Triangulate(polygon);
            Assert.Equal(pts.Length - 2, tris.Length / 3);
            Assert.Empty(TriangulationCheck.Problems(polygon, tris, polygon.Area(), 1e-9));
        }, iter: 200, seed: "0uyy6WuXaF7c");
    }

    [Fact]
    public void Triangulate_RandomPolygonsWithHole_NPlusTwoHMinusTwo()
    {
        Gen.Select(RoundStarPolygon, Gen.Double[-0.05, 0.05], Gen.Double[-0.05, 0.05]).Sample((ring, dx, dy) =>
        {
            Vec2[] hole = [new(dx - 0.15, dy - 0.15), new(dx - 0.15, dy + 0.15), new(dx + 0.15, dy + 0.15), new(dx + 0.15, dy - 0.15)];
            var polygon = new Polygon2(ring, [hole]);
            var tris = EarClipping.Triangulate(polygon);
            Assert.Equal(ring.Length + 4 + 2 - 2, tris.Length / 3);
            Assert.Empty(TriangulationCheck.Problems(polygon, tris, polygon.Area(), 1e-9));
        }, iter: 100, seed: "0R6s6Q0bVn2l");
    }

    [Fact]
    public void DiagonalReference_AgreesOnCountAndArea()
    {
        StarPolygon.Sample(ring =>
        {
            var polygon = new Polygon2(ring);
            var ear = EarClipping.Triangulate(polygon);
            var reference = DiagonalTriangulation.Triangulate(polygon);
            Assert.Equal(reference.Length, ear.Length);
            Assert.Empty(TriangulationCheck.Problems(polygon, reference, polygon.Area(), 1e-9));
        }, iter: 60, seed: "0PjJt4pl1uQ7");
    }

    [Fact]
    public void Triangulate_CollinearAndDuplicatePoints_NoSlivers()
    {
        Vec2[] ring = [new(0, 0), new(1, 0), new(1, 0), new(2, 0), new(3, 0), new(3, 1), new(3, 2), new(0, 2), new(0, 1), new(0, 0)];
        var polygon = new Polygon2(ring);
        var tris = EarClipping.Triangulate(polygon);
        Assert.Equal(8 - 2, tris.Length / 3);
        Assert.Empty(TriangulationCheck.Problems(polygon, tris, 6, 1e-12));
    }

    [Fact]
    public void Triangulate_SelfIntersecting_ThrowsNamingPolygon()
    {
        Vec2[] bow = [new(0, 0), new(2, 2), new(2, 0), new(0, 1)];
        var e = Assert.Throws<TesseraArgumentException>(() => EarClipping.Triangulate(bow));
        Assert.Equal("polygon", e.ParamName);
        Assert.Contains("simple", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Triangulate_HoleOutside_Throws()
    {
        Vec2[] outer = [new(0, 0), new(1, 0), new(1, 1), new(0, 1)];
        Vec2[] hole = [new(5, 5), new(5, 6), new(6, 6)];
        Assert.Throws<TesseraArgumentException>(() => EarClipping.Triangulate(new Polygon2(outer, [hole])));
    }

    [Fact]
    public void Triangulate_AllCollinear_ThrowsDegenerate()
    {
        Vec2[] line = [new(0, 0), new(1, 0), new(2, 0)];
        Assert.Throws<TesseraArgumentException>(() => EarClipping.Triangulate(line));
    }

    [Fact]
    public void Polygon_NaN_ThrowsNamingOuter()
    {
        var e = Assert.Throws<TesseraArgumentException>(() => new Polygon2([new Vec2(0, 0), new Vec2(double.NaN, 0), new Vec2(0, 1)]));
        Assert.Equal("outer", e.ParamName);
    }
}
