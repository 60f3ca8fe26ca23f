using Tessera.Core.Errors;

namespace Tessera.Geometry.Metrics;

/// <summary>
/// Deterministic surface-to-surface distances with the sampler of <c>shared/fixtures/mesh/README.md</c>
/// ("Geometric error"): each face t of area A_t &gt; 0 gets a regular k_t-subdivision,
/// k_t = max(1, ⌈√(N·A_t/A)⌉), with one sample at the centroid of each of the k_t² sub-triangles (weight
/// A_t/k_t²), plus every used vertex with weight 0; distances are exact point-to-triangle distances found with a
/// bounding-volume hierarchy. No random numbers, so results do not depend on a seed or on the thread count.
/// </summary>
public static class SurfaceDistance
{
    /// <summary>The fixtures' sample target per surface.</summary>
    public const int DefaultSamples = 1_000_000;

    /// <summary>Measures the distances between two surfaces.</summary>
    /// <param name="original">Reference surface O.</param>
    /// <param name="simplified">Approximation S.</param>
    /// <param name="samples">Sample target N per surface.</param>
    /// <param name="cancellationToken">Checked between faces.</param>
    /// <returns>The distances.</returns>
    /// <exception cref="TesseraArgumentException">A mesh has no face of positive area, or N ≤ 0.</exception>
    public static DistanceReport Measure(TriangleMesh original, TriangleMesh simplified, int samples = DefaultSamples,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(simplified);
        Guard.Positive(samples);
        var toS = OneSided(original, new TriangleBvh(simplified), samples, nameof(original), cancellationToken);
        var toO = OneSided(simplified, new TriangleBvh(original), samples, nameof(simplified), cancellationToken);
        return new DistanceReport(Math.Max(toS.Max, toO.Max), (toS.Mean + toO.Mean) / 2, toS.Max, toO.Max, toS.Mean, toO.Mean,
            toS.Rms, toO.Rms, toS.Count, toO.Count, original.BoundingDiagonal());
    }

    private readonly record struct Side(double Max, double Mean, double Rms, long Count);

    private static Side OneSided(TriangleMesh m, TriangleBvh target, int n, string name, CancellationToken ct)
    {
        var nF = m.FaceCount;
        var area = new double[nF];
        double total = 0;
        for (var f = 0; f < nF; f++) { area[f] = m.FaceArea(f); total += area[f]; }
        Guard.That(total > 0, name, "must have a face of positive area");
        var faceMax = new double[nF];
        var faceSum = new double[nF];
        var faceSum2 = new double[nF];
        var faceCount = new long[nF];
        Parallel.For(0, nF, new ParallelOptions { CancellationToken = ct }, () => (Hint: -1, Stack: new Stack<int>(64)), (f, _, state) =>
        {
            if (area[f] <= 0) { return state; }
            var (ia, ib, ic) = m.Face(f);
            var a = m.Positions[ia];
            var ab = m.Positions[ib] - a;
            var ac = m.Positions[ic] - a;
            var k = Math.Max(1, (int)Math.Ceiling(Math.Sqrt(n * area[f] / total)));
            var w = area[f] / ((double)k * k);
            double max = 0, sum = 0, sum2 = 0;
            var hint = state.Hint;
            for (var i = 0; i < k; i++)
            {
                for (var j = 0; i + j <= k - 1; j++)
                {
                    var p = a + (((i + (1.0 / 3.0)) / k) * ab) + (((j + (1.0 / 3.0)) / k) * ac);
                    var d = Math.Sqrt(target.NearestSquared(p, ref hint, state.Stack));
                    max = Math.Max(max, d); sum += w * d; sum2 += w * d * d;
                    if (i + j <= k - 2)
                    {
                        var q = a + (((i + (2.0 / 3.0)) / k) * ab) + (((j + (2.0 / 3.0)) / k) * ac);
                        var e = Math.Sqrt(target.NearestSquared(q, ref hint, state.Stack));
                        max = Math.Max(max, e); sum += w * e; sum2 += w * e * e;
                    }
                }
            }
            faceMax[f] = max;
            faceSum[f] = sum;
            faceSum2[f] = sum2;
            faceCount[f] = (long)k * k;
            return (hint, state.Stack);
        }, _ => { });
        double maxAll = 0, sumAll = 0, sum2All = 0, weight = 0;
        long count = 0;
        for (var f = 0; f < nF; f++)
        {
            maxAll = Math.Max(maxAll, faceMax[f]);
            sumAll += faceSum[f];
            sum2All += faceSum2[f];
            count += faceCount[f];
            if (area[f] > 0) { weight += area[f]; }
        }
        // Vertices used by faces: weight 0, they count for the maximum only.
        var used = new bool[m.VertexCount];
        foreach (var v in m.Triangles) { used[v] = true; }
        var hint0 = -1;
        var stack = new Stack<int>(64);
        for (var v = 0; v < used.Length; v++)
        {
            if (!used[v]) { continue; }
            maxAll = Math.Max(maxAll, Math.Sqrt(target.NearestSquared(m.Positions[v], ref hint0, stack)));
            count++;
        }
        return new Side(maxAll, sumAll / weight, Math.Sqrt(sum2All / weight), count);
    }
}
