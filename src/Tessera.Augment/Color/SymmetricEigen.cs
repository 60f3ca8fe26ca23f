namespace Tessera.Augment.Color;

/// <summary>Eigen-decomposition of a symmetric 3×3 matrix (cyclic Jacobi).</summary>
internal static class SymmetricEigen
{
    /// <summary>
    /// Eigenvalues ascending and unit eigenvectors in columns, like LAPACK's <c>dsyevd</c>. The sign of an
    /// eigenvector is not fixed by the maths; this picks the sign that makes its largest-magnitude component
    /// negative, which is what LAPACK returned for the colour covariances of the reference photos (an
    /// approximation of LAPACK's convention, not a reimplementation of its QL iteration).
    /// </summary>
    public static (double[] Values, double[,] Vectors) Lapack3(double[,] m)
    {
        var a = (double[,])m.Clone();
        var v = new double[3, 3] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } };
        for (var sweep = 0; sweep < 100; sweep++)
        {
            var off = Math.Abs(a[0, 1]) + Math.Abs(a[0, 2]) + Math.Abs(a[1, 2]);
            if (off < 1e-300)
            {
                break;
            }
            for (var p = 0; p < 2; p++)
            {
                for (var q = p + 1; q < 3; q++)
                {
                    if (a[p, q] == 0)
                    {
                        continue;
                    }
                    var theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                    var t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt((theta * theta) + 1));
                    var c = 1 / Math.Sqrt((t * t) + 1);
                    var s = t * c;
                    for (var k = 0; k < 3; k++)
                    {
                        var akp = a[k, p];
                        var akq = a[k, q];
                        a[k, p] = (c * akp) - (s * akq);
                        a[k, q] = (s * akp) + (c * akq);
                    }
                    for (var k = 0; k < 3; k++)
                    {
                        var apk = a[p, k];
                        var aqk = a[q, k];
                        a[p, k] = (c * apk) - (s * aqk);
                        a[q, k] = (s * apk) + (c * aqk);
                    }
                    for (var k = 0; k < 3; k++)
                    {
                        var vkp = v[k, p];
                        var vkq = v[k, q];
                        v[k, p] = (c * vkp) - (s * vkq);
                        v[k, q] = (s * vkp) + (c * vkq);
                    }
                }
            }
        }
        var order = Enumerable.Range(0, 3).OrderBy(i => a[i, i]).ToArray();
        var values = order.Select(i => a[i, i]).ToArray();
        var vectors = new double[3, 3];
        for (var j = 0; j < 3; j++)
        {
            var col = order[j];
            var big = 0;
            for (var k = 1; k < 3; k++)
            {
                if (Math.Abs(v[k, col]) > Math.Abs(v[big, col]))
                {
                    big = k;
                }
            }
            var sign = v[big, col] > 0 ? -1.0 : 1.0;
            for (var k = 0; k < 3; k++)
            {
                vectors[k, j] = sign * v[k, col];
            }
        }
        return (values, vectors);
    }
}
