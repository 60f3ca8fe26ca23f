using Tessera.Core.Errors;

namespace Tessera.Segmentation.SegFix;

/// <summary>
/// SegFix's direction filter (openseg.pytorch <c>dt_offset_generator.py</c>): a k×k pair of taps
/// <c>ky[j, i] = j / (i² + j²)</c>, <c>kx[j, i] = i / (i² + j²)</c> (0 at the centre), built in float64 and used as
/// float32, applied as a cross-correlation with zero padding to each class's distance map. It is not a textbook
/// Sobel: the taps fall off with distance and the window is larger.
/// </summary>
public static class DirectionFilter
{
    /// <summary>The taps of the filter, row-major k×k, row offset j = row − k/2 (down-positive).</summary>
    /// <param name="kernelSize">Odd size k ≥ 3.</param>
    /// <returns>(ky, kx), each k·k float32 taps.</returns>
    /// <exception cref="TesseraArgumentException">Even or too small size.</exception>
    public static (float[] Ky, float[] Kx) Kernel(int kernelSize)
    {
        Guard.That(kernelSize >= 3 && kernelSize % 2 == 1, nameof(kernelSize), $"must be odd and ≥ 3 (got {kernelSize})");
        var r = kernelSize / 2;
        var ky = new float[kernelSize * kernelSize];
        var kx = new float[kernelSize * kernelSize];
        for (var j = -r; j <= r; j++)
        {
            for (var i = -r; i <= r; i++)
            {
                if (i == 0 && j == 0) { continue; }
                double n = (i * i) + (j * j);
                ky[((j + r) * kernelSize) + i + r] = (float)(j / n);
                kx[((j + r) * kernelSize) + i + r] = (float)(i / n);
            }
        }
        return (ky, kx);
    }

    /// <summary>
    /// Fused response: at a pixel of processed class c, the filter applied to c's distance map (which is the fused
    /// distance on c's pixels and 0 elsewhere); 0 on other pixels. Sums in float64, stores float32.
    /// </summary>
    /// <param name="labels">Row-major labels.</param>
    /// <param name="fused">Fused distance map.</param>
    /// <param name="processed">processed[c] = class c was processed.</param>
    /// <param name="height">Rows.</param>
    /// <param name="width">Columns.</param>
    /// <param name="kernelSize">Filter size.</param>
    /// <param name="destination">H·W·2 values (dy, dx) per pixel.</param>
    internal static void Apply(byte[] labels, float[] fused, bool[] processed, int height, int width, int kernelSize, float[] destination)
    {
        var (ky, kx) = Kernel(kernelSize);
        var r = kernelSize / 2;
        var pw = width + (2 * r);
        var ph = height + (2 * r);
        // padded copies: the pad label 255 never equals a processed class (classes < 255)
        var pl = new byte[pw * ph];
        Array.Fill(pl, (byte)255);
        var pf = new float[pw * ph];
        for (var y = 0; y < height; y++)
        {
            Array.Copy(labels, y * width, pl, ((y + r) * pw) + r, width);
            Array.Copy(fused, y * width, pf, ((y + r) * pw) + r, width);
        }
        var offsets = new List<int>();
        var wy = new List<float>();
        var wx = new List<float>();
        for (var j = -r; j <= r; j++)
        {
            for (var i = -r; i <= r; i++)
            {
                var t = ((j + r) * kernelSize) + i + r;
                if (ky[t] == 0 && kx[t] == 0) { continue; }
                offsets.Add((j * pw) + i);
                wy.Add(ky[t]);
                wx.Add(kx[t]);
            }
        }
        var off = offsets.ToArray();
        var ay = wy.ToArray();
        var ax = wx.ToArray();
        // the window's farthest pixel is r·√2 away: beyond that distance the whole window is the pixel's own class
        var interior = (float)(r * Math.Sqrt(2));
        Parallel.For(0, height, y =>
        {
            var rowInside = y >= r && y < height - r;
            for (var x = 0; x < width; x++)
            {
                var c = labels[(y * width) + x];
                var o = ((y * width) + x) * 2;
                if (c >= processed.Length || !processed[c])
                {
                    destination[o] = 0f;
                    destination[o + 1] = 0f;
                    continue;
                }
                var p = ((y + r) * pw) + x + r;
                float sy = 0, sx = 0;
                if (rowInside && x >= r && x < width - r && pf[p] > interior)
                {
                    // every window pixel is closer than the nearest other label: no class test needed
                    for (var t = 0; t < off.Length; t++)
                    {
                        var v = pf[p + off[t]];
                        sy += ay[t] * v;
                        sx += ax[t] * v;
                    }
                }
                else
                {
                    for (var t = 0; t < off.Length; t++)
                    {
                        var q = p + off[t];
                        if (pl[q] != c) { continue; }
                        var v = pf[q];
                        sy += ay[t] * v;
                        sx += ax[t] * v;
                    }
                }
                destination[o] = sy;
                destination[o + 1] = sx;
            }
        });
    }
}
