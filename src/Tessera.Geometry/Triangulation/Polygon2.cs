using Tessera.Core.Errors;

namespace Tessera.Geometry.Triangulation;

/// <summary>
/// A simple polygon with optional holes, in either orientation. Triangle indices produced by the triangulators
/// refer to the concatenation <c>Outer + Holes[0] + Holes[1] + …</c> as given; a point repeated consecutively
/// (or a closing point equal to the first) maps to its first occurrence.
/// </summary>
public sealed class Polygon2
{
    private readonly Vec2[] _outer;
    private readonly Vec2[][] _holes;

    /// <summary>Creates a polygon, copying the rings.</summary>
    /// <param name="outer">Outer ring (at least 3 distinct points).</param>
    /// <param name="holes">Hole rings (optional).</param>
    /// <exception cref="TesseraArgumentException">A coordinate is not finite or a ring has fewer than 3 points.</exception>
    public Polygon2(IReadOnlyList<Vec2> outer, IReadOnlyList<IReadOnlyList<Vec2>>? holes = null)
    {
        ArgumentNullException.ThrowIfNull(outer);
        _outer = [.. outer];
        _holes = holes is null ? [] : [.. holes.Select(h => h.ToArray())];
        Check(_outer, "outer");
        for (var i = 0; i < _holes.Length; i++) { Check(_holes[i], $"holes[{i}]"); }
    }

    /// <summary>The outer ring as given.</summary>
    public IReadOnlyList<Vec2> Outer => _outer;

    /// <summary>The hole rings as given.</summary>
    public IReadOnlyList<IReadOnlyList<Vec2>> Holes => _holes;

    /// <summary>Total number of input points over all rings.</summary>
    public int PointCount => _outer.Length + _holes.Sum(h => h.Length);

    /// <summary>All input points: outer ring then the holes.</summary>
    /// <returns>A new array.</returns>
    public Vec2[] AllPoints() => [.. _outer, .. _holes.SelectMany(h => h)];

    /// <summary>Signed shoelace area of a ring (positive for counter-clockwise).</summary>
    /// <param name="ring">The ring.</param>
    /// <returns>The signed area.</returns>
    public static double SignedArea(IReadOnlyList<Vec2> ring)
    {
        ArgumentNullException.ThrowIfNull(ring);
        double s = 0;
        var n = ring.Count;
        if (n == 0) { return 0; }
        var o = ring[0];
        for (var i = 0; i < n; i++)
        {
            s += Vec2.Cross(ring[i] - o, ring[(i + 1) % n] - o);
        }
        return 0.5 * s;
    }

    /// <summary>Area of the domain: |outer| − Σ |hole|.</summary>
    /// <returns>The area.</returns>
    public double Area() => Math.Abs(SignedArea(_outer)) - _holes.Sum(h => Math.Abs(SignedArea(h)));

    private static void Check(Vec2[] ring, string name)
    {
        Guard.That(ring.Length >= 3, name, $"must have at least 3 points (got {ring.Length})");
        for (var i = 0; i < ring.Length; i++)
        {
            Guard.That(ring[i].IsFinite, name, $"point {i} is not finite");
        }
    }
}
