using OpenCvSharp;
using Tessera.Augment.Common;
using Tessera.Augment.Pixel;
using Tessera.Core.Errors;
using Tessera.Core.Imaging;

namespace Tessera.Augment.Filters;

/// <summary>
/// albumentations 1.3.1 <c>superpixels</c> on Tessera's own SLIC (k-means in CIELab + position on a regular grid,
/// compactness 10, 10 iterations; scikit-image's connectivity enforcement is not reproduced, so segment shapes
/// differ slightly). 1.3.1's indexing is kept: the decision and mean of region <c>r</c> (label r + 1) are written
/// to the pixels labelled <c>r</c>.
/// </summary>
internal static class SuperpixelKernels
{
    public static Image Apply(Image image, int nSegments, bool[] replace, int? maxSize, Interpolation interpolation)
    {
        PixelCv.RequireUInt8OrFloat(image, "Superpixels");
        Guard.That(replace.Length > 0, "replace_samples", "must not be empty");
        if (!replace.Any(r => r))
        {
            return image.Clone();
        }
        var work = image;
        var size = Math.Max(image.Height, image.Width);
        if (maxSize is { } ms && size > ms)
        {
            var scale = ms / (double)size;
            int nh = (int)(image.Height * scale), nw = (int)(image.Width * scale);
            work = PixelCv.Produce(image, s =>
            {
                var d = new Mat();
                Cv.Resize(s, d, new Size(nw, nh), 0, 0, (InterpolationFlags)interpolation);
                return d;
            }, image.Rank == 2);
        }
        var labels = Slic(work, nSegments);
        var result = Replace(work, labels, replace);
        if (result.Height != image.Height || result.Width != image.Width)
        {
            result = PixelCv.Produce(result, s =>
            {
                var d = new Mat();
                Cv.Resize(s, d, new Size(image.Width, image.Height), 0, 0, (InterpolationFlags)interpolation);
                return d;
            }, image.Rank == 2);
        }
        return result;
    }

    private static Image Replace(Image work, int[] labels, bool[] replace)
    {
        var c = work.Channels;
        var n = work.Height * work.Width;
        var k = labels.Max() + 1;
        var sums = new double[k * c];
        var counts = new long[k];
        var values = new double[n * c];
        if (work.PixelType == PixelType.UInt8)
        {
            var b = work.Bytes;
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = b[i];
            }
        }
        else
        {
            var f = work.Pixels<float>();
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = f[i];
            }
        }
        for (var i = 0; i < n; i++)
        {
            counts[labels[i]]++;
            for (var ch = 0; ch < c; ch++)
            {
                sums[(labels[i] * c) + ch] += values[(i * c) + ch];
            }
        }
        // regions of labels 1..K-1 in order; region r (label r + 1) decides and gives its mean to the pixels labelled r
        var dst = work.Clone();
        for (var i = 0; i < n; i++)
        {
            var r = labels[i];
            var source = r + 1;
            if (source >= k || counts[source] == 0 || !replace[(source - 1) % replace.Length])
            {
                continue;
            }
            for (var ch = 0; ch < c; ch++)
            {
                var mean = sums[(source * c) + ch] / counts[source];
                if (work.PixelType == PixelType.UInt8)
                {
                    dst.Bytes[(i * c) + ch] = (byte)Math.Clamp(Math.Round(mean, MidpointRounding.ToEven), 0, 255);
                }
                else
                {
                    dst.Pixels<float>()[(i * c) + ch] = (float)mean;
                }
            }
        }
        return dst;
    }

    /// <summary>SLIC labels 1..K (0 unused), row-major.</summary>
    private static int[] Slic(Image image, int nSegments)
    {
        int h = image.Height, w = image.Width;
        var lab = LabOf(image);
        var step = Math.Sqrt(h * w / (double)Math.Max(1, nSegments));
        var centers = new List<double[]>();
        for (var y = step / 2; y < h; y += step)
        {
            for (var x = step / 2; x < w; x += step)
            {
                var i = ((int)y * w) + (int)x;
                centers.Add([lab[i * 3], lab[(i * 3) + 1], lab[(i * 3) + 2], y, x]);
            }
        }
        var k = centers.Count;
        var labels = new int[h * w];
        var dist = new double[h * w];
        var ratio = 10.0 / step;
        var window = (int)Math.Ceiling(2 * step);
        for (var iter = 0; iter < 10; iter++)
        {
            Array.Fill(dist, double.MaxValue);
            for (var ci = 0; ci < k; ci++)
            {
                var cc = centers[ci];
                int y0 = Math.Max(0, (int)(cc[3] - window)), y1 = Math.Min(h, (int)(cc[3] + window) + 1);
                int x0 = Math.Max(0, (int)(cc[4] - window)), x1 = Math.Min(w, (int)(cc[4] + window) + 1);
                for (var y = y0; y < y1; y++)
                {
                    for (var x = x0; x < x1; x++)
                    {
                        var i = (y * w) + x;
                        var dl = lab[i * 3] - cc[0];
                        var da = lab[(i * 3) + 1] - cc[1];
                        var db = lab[(i * 3) + 2] - cc[2];
                        var dy = (y - cc[3]) * ratio;
                        var dx = (x - cc[4]) * ratio;
                        var d = (dl * dl) + (da * da) + (db * db) + (dy * dy) + (dx * dx);
                        if (d < dist[i])
                        {
                            dist[i] = d;
                            labels[i] = ci;
                        }
                    }
                }
            }
            var acc = new double[k * 5];
            var cnt = new int[k];
            for (var y = 0; y < h; y++)
            {
                for (var x = 0; x < w; x++)
                {
                    var i = (y * w) + x;
                    var l = labels[i];
                    cnt[l]++;
                    acc[l * 5] += lab[i * 3];
                    acc[(l * 5) + 1] += lab[(i * 3) + 1];
                    acc[(l * 5) + 2] += lab[(i * 3) + 2];
                    acc[(l * 5) + 3] += y;
                    acc[(l * 5) + 4] += x;
                }
            }
            for (var ci = 0; ci < k; ci++)
            {
                if (cnt[ci] > 0)
                {
                    for (var j = 0; j < 5; j++)
                    {
                        centers[ci][j] = acc[(ci * 5) + j] / cnt[ci];
                    }
                }
            }
        }
        // relabel the used centres 1..K in order of first appearance (row-major), as skimage's relabelling does
        var map = new Dictionary<int, int>();
        for (var i = 0; i < labels.Length; i++)
        {
            if (!map.TryGetValue(labels[i], out var v))
            {
                v = map.Count + 1;
                map[labels[i]] = v;
            }
            labels[i] = v;
        }
        return labels;
    }

    private static float[] LabOf(Image image)
    {
        var f = image.PixelType == PixelType.UInt8 ? PixelCv.ToFloat(image, 255) : image;
        var n = image.Height * image.Width;
        var lab = new float[n * 3];
        if (image.Channels == 3)
        {
            PixelCv.Into(f, f, (s, _) =>
            {
                using var m = new Mat();
                Cv.CvtColor(s, m, ColorConversionCodes.RGB2Lab);
                System.Runtime.InteropServices.Marshal.Copy(m.Data, lab, 0, lab.Length);
            });
            return lab;
        }
        var p = f.Pixels<float>();
        for (var i = 0; i < n; i++)
        {
            lab[i * 3] = p[i * f.Channels] * 100;
        }
        return lab;
    }
}
