namespace Tessera.Segmentation.SegFix;

/// <summary>
/// Exact squared Euclidean distance transform of one class (Felzenszwalb &amp; Huttenlocher's lower envelope of
/// parabolas, separable: columns then rows). The distance of a pixel of the class is to the nearest pixel of any
/// other label; the image border is not a boundary. Work is restricted to the class's bounding box grown by one
/// pixel, whose frame holds only other labels, so the nearest other-label pixel is always inside it.
/// </summary>
internal static class EuclideanDistance
{
    private const double Infinity = 1e20;

    /// <summary>
    /// Writes <c>float32(sqrt(d²))</c> into <paramref name="destination"/> at the pixels of <paramref name="classId"/>.
    /// </summary>
    /// <param name="labels">Row-major label map.</param>
    /// <param name="height">Rows.</param>
    /// <param name="width">Columns.</param>
    /// <param name="classId">The class.</param>
    /// <param name="box">Bounding box of the class (inclusive).</param>
    /// <param name="destination">Fused distance map; only this class's pixels are written.</param>
    /// <param name="parallel">Split columns/rows over threads.</param>
    public static void WriteClassDistance(byte[] labels, int height, int width, byte classId,
        (int Top, int Left, int Bottom, int Right) box, float[] destination, bool parallel)
    {
        var r0 = Math.Max(0, box.Top - 1);
        var r1 = Math.Min(height - 1, box.Bottom + 1);
        var c0 = Math.Max(0, box.Left - 1);
        var c1 = Math.Min(width - 1, box.Right + 1);
        var rh = r1 - r0 + 1;
        var rw = c1 - c0 + 1;
        var g = new double[rh * rw];
        var labelArray = labels;
        // Pass 1: per column, squared vertical distance to the nearest other-label pixel (Infinity if none).
        void Column(int x)
        {
            var gx = x - c0;
            var last = -1;
            for (var y = 0; y < rh; y++)
            {
                if (labelArray[((y + r0) * width) + x] != classId) { last = y; g[(y * rw) + gx] = 0; }
                else { g[(y * rw) + gx] = last < 0 ? Infinity : y - last; }
            }
            last = -1;
            for (var y = rh - 1; y >= 0; y--)
            {
                var i = (y * rw) + gx;
                if (g[i] == 0) { last = y; continue; }
                if (last >= 0)
                {
                    double d = last - y;
                    if (d < g[i]) { g[i] = d; }
                }
                g[i] = g[i] >= Infinity ? Infinity : g[i] * g[i];
            }
        }
        // Pass 2: per row, lower envelope of parabolas over the column results.
        void Row(int y, int[] v, double[] z, double[] f)
        {
            Array.Copy(g, y * rw, f, 0, rw);
            var k = -1;
            for (var q = 0; q < rw; q++)
            {
                if (f[q] >= Infinity) { continue; }
                if (k < 0)
                {
                    k = 0;
                    v[0] = q;
                    z[0] = double.NegativeInfinity;
                    z[1] = double.PositiveInfinity;
                    continue;
                }
                double s;
                while (true)
                {
                    var vk = v[k];
                    s = ((f[q] + ((double)q * q)) - (f[vk] + ((double)vk * vk))) / (2.0 * (q - vk));
                    if (s > z[k]) { break; }
                    k--;
                }
                k++;
                v[k] = q;
                z[k] = s;
                z[k + 1] = double.PositiveInfinity;
            }
            var imgRow = (y + r0) * width;
            if (k < 0)
            {
                // no other label in any column of the box: only possible when the class fills the image
                return;
            }
            k = 0;
            for (var q = 0; q < rw; q++)
            {
                while (z[k + 1] < q) { k++; }
                var x = q + c0;
                if (labelArray[imgRow + x] != classId) { continue; }
                var vk = v[k];
                var d2 = (((double)(q - vk)) * (q - vk)) + f[vk];
                destination[imgRow + x] = (float)Math.Sqrt(d2);
            }
        }
        if (parallel)
        {
            Parallel.For(c0, c1 + 1, Column);
            Parallel.For(0, rh, () => (new int[rw + 1], new double[rw + 2], new double[rw]),
                (y, _, s) => { Row(y, s.Item1, s.Item2, s.Item3); return s; }, _ => { });
        }
        else
        {
            for (var x = c0; x <= c1; x++) { Column(x); }
            var v = new int[rw + 1];
            var z = new double[rw + 2];
            var f = new double[rw];
            for (var y = 0; y < rh; y++) { Row(y, v, z, f); }
        }
    }

    /// <summary>
    /// Degenerate case (the class fills the image): scipy 1.10 measures to the virtual pixel (row −1, col 0).
    /// </summary>
    /// <param name="height">Rows.</param>
    /// <param name="width">Columns.</param>
    /// <param name="destination">Receives sqrt((row+1)² + col²) everywhere.</param>
    public static void WriteWholeImageClass(int height, int width, float[] destination)
    {
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                destination[(y * width) + x] = (float)Math.Sqrt((((double)y + 1) * (y + 1)) + ((double)x * x));
            }
        }
    }
}
