using Tessera.Core.Errors;

namespace Tessera.Geometry.Curves;

/// <summary>
/// Subdivision of polylines and closed polygons: Chaikin corner cutting (approximating, converges to the
/// quadratic B-spline) and the Dyn–Levin–Gregory 4-point scheme (interpolating, w = 1/16).
/// </summary>
/// <remarks>
/// Chaikin, closed: each side (P_i, P_i+1) gives 3/4 P_i + 1/4 P_i+1 and 1/4 P_i + 3/4 P_i+1 (2n points); open:
/// the end points are kept (2n points). 4-point, closed: M_i = (−P_i−1 + 9 P_i + 9 P_i+1 − P_i+2)/16 between the
/// kept points (2n); open: ghost points P_−1 = 2 P_0 − P_1 and P_n = 2 P_n−1 − P_n−2 (2n − 1 points). Rules as
/// in <c>shared/fixtures/mesh/curves/curves.json</c>.
/// </remarks>
public static class CurveSubdivision
{
    /// <summary>Chaikin corner cutting.</summary>
    /// <param name="points">Input points (≥ 2 open, ≥ 3 closed).</param>
    /// <param name="closed">Whether the last point connects back to the first.</param>
    /// <param name="iterations">Number of steps (≥ 0).</param>
    /// <returns>The refined points.</returns>
    /// <exception cref="TesseraArgumentException">Too few points, a non-finite point or negative iterations.</exception>
    public static Vec2[] Chaikin(IReadOnlyList<Vec2> points, bool closed, int iterations = 1)
    {
        var p = Validate(points, closed, iterations, closed ? 3 : 2);
        for (var it = 0; it < iterations; it++)
        {
            var n = p.Length;
            var sides = closed ? n : n - 1;
            var q = new List<Vec2>(2 * n);
            if (!closed) { q.Add(p[0]); }
            for (var i = 0; i < sides; i++)
            {
                var a = p[i];
                var b = p[(i + 1) % n];
                q.Add((0.75 * a) + (0.25 * b));
                q.Add((0.25 * a) + (0.75 * b));
            }
            if (!closed) { q.Add(p[n - 1]); }
            p = [.. q];
        }
        return p;
    }

    /// <summary>The 4-point interpolating scheme (w = 1/16).</summary>
    /// <param name="points">Input points (≥ 2 open, ≥ 3 closed).</param>
    /// <param name="closed">Whether the last point connects back to the first.</param>
    /// <param name="iterations">Number of steps (≥ 0).</param>
    /// <returns>The refined points (every input point is kept).</returns>
    /// <exception cref="TesseraArgumentException">Too few points, a non-finite point or negative iterations.</exception>
    public static Vec2[] FourPoint(IReadOnlyList<Vec2> points, bool closed, int iterations = 1)
    {
        var p = Validate(points, closed, iterations, closed ? 3 : 2);
        for (var it = 0; it < iterations; it++)
        {
            var n = p.Length;
            Vec2 At(int i)
            {
                if (closed) { return p[((i % n) + n) % n]; }
                if (i < 0) { return (2.0 * p[0]) - p[1]; }
                if (i >= n) { return (2.0 * p[n - 1]) - p[n - 2]; }
                return p[i];
            }
            var q = new List<Vec2>(2 * n);
            var sides = closed ? n : n - 1;
            for (var i = 0; i < sides; i++)
            {
                q.Add(p[i]);
                q.Add(((9.0 * (At(i) + At(i + 1))) - (At(i - 1) + At(i + 2))) * (1.0 / 16.0));
            }
            if (!closed) { q.Add(p[n - 1]); }
            p = [.. q];
        }
        return p;
    }

    private static Vec2[] Validate(IReadOnlyList<Vec2> points, bool closed, int iterations, int min)
    {
        ArgumentNullException.ThrowIfNull(points);
        Guard.That(iterations >= 0, nameof(iterations), $"must be >= 0 (got {iterations})");
        Guard.That(points.Count >= min, nameof(points), $"a {(closed ? "closed" : "open")} curve needs at least {min} points (got {points.Count})");
        for (var i = 0; i < points.Count; i++)
        {
            Guard.That(points[i].IsFinite, nameof(points), $"point {i} is not finite");
        }
        return [.. points];
    }
}
