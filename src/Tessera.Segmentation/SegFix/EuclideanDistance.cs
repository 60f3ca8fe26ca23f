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
    private const int NoPixel = int.MaxValue;

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
        // Pass 1: per column, vertical distance to the nearest other-label pixel (NoPixel if none in the column).
        // Rows are scanned in order over a band of columns, so memory is read row by row.
        var g = System.Buffers.ArrayPool<int>.Shared.Rent(rh * rw);
        var labelArray = labels;
        void Columns(int xa, int xb)
        {
            var prevRow = -1;
            for (var y = 0; y < rh; y++)
            {
                var src = (y + r0) * width;
                var row = y * rw;
                for (var x = xa; x < xb; x++)
                {
                    var gx = x - c0;
                    g[row + gx] = labelArray[src + x] != classId ? 0
                        : prevRow < 0 || g[(prevRow * rw) + gx] == NoPixel ? NoPixel
                        : g[(prevRow * rw) + gx] + 1;
                }
                prevRow = y;
            }
            for (var y = rh - 2; y >= 0; y--)
            {
                var row = y * rw;
                var below = row + rw;
                for (var x = xa; x < xb; x++)
                {
                    var gx = x - c0;
                    var b = g[below + gx];
                    if (b != NoPixel && b + 1 < g[row + gx]) { g[row + gx] = b + 1; }
                }
            }
        }
        // Pass 2: per row, lower envelope of parabolas over the column results.
        void Row(int y, int[] v, double[] z, double[] f)
        {
            for (var q = 0; q < rw; q++)
            {
                var d = g[(y * rw) + q];
                f[q] = d == NoPixel ? Infinity : (double)d * d;
            }
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
        try
        {
            if (parallel)
            {
                const int band = 128;
                var bands = (rw + band - 1) / band;
                Parallel.For(0, bands, b => Columns(c0 + (b * band), Math.Min(c1 + 1, c0 + ((b + 1) * band))));
                Parallel.For(0, rh, () => (new int[rw + 1], new double[rw + 2], new double[rw]),
                    (y, _, s) => { Row(y, s.Item1, s.Item2, s.Item3); return s; }, _ => { });
            }
            else
            {
                Columns(c0, c1 + 1);
                var v = new int[rw + 1];
                var z = new double[rw + 2];
                var f = new double[rw];
                for (var y = 0; y < rh; y++) { Row(y, v, z, f); }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<int>.Shared.Return(g);
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
