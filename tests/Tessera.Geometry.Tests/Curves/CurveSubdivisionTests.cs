using Tessera.Core.Errors;
using Tessera.Geometry.Curves;

namespace Tessera.Geometry.Tests.Curves;

public sealed class CurveSubdivisionTests
{
    private static readonly Vec2[] Square = [new(0, 0), new(1, 0), new(1, 1), new(0, 1)];
    private static readonly Vec2[] Open = [new(0, 0), new(1, 2), new(3, 3), new(4, 1), new(6, 0)];

    [Fact]
    public void Chaikin_Counts()
    {
        Assert.Equal(8, CurveSubdivision.Chaikin(Square, closed: true).Length);
        Assert.Equal(10, CurveSubdivision.Chaikin(Open, closed: false).Length);
        Assert.Equal(32, CurveSubdivision.Chaikin(Square, closed: true, iterations: 3).Length);
    }

    [Fact]
    public void FourPoint_InterpolatesInputPoints()
    {
        var r = CurveSubdivision.FourPoint(Open, closed: false, iterations: 2);
        Assert.Equal(2 * ((2 * 5) - 1) - 1, r.Length);
        for (var i = 0; i < Open.Length; i++) { Assert.Equal(Open[i], r[4 * i]); }
    }

    [Fact]
    public void Chaikin_OpenKeepsEndPoints()
    {
        var r = CurveSubdivision.Chaikin(Open, closed: false, iterations: 4);
        Assert.Equal(Open[0], r[0]);
        Assert.Equal(Open[^1], r[^1]);
    }

    [Fact]
    public void TooFewPoints_Throws()
    {
        var e = Assert.Throws<TesseraArgumentException>(() => CurveSubdivision.Chaikin([new Vec2(0, 0), new Vec2(1, 0)], closed: true));
        Assert.Equal("points", e.ParamName);
        Assert.Throws<TesseraArgumentException>(() => CurveSubdivision.FourPoint(Open, closed: false, iterations: -1));
    }
}
