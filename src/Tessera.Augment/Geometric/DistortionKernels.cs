using OpenCvSharp;
using Tessera.Augment.Common;
using Tessera.Augment.Targets;
using Tessera.Core.Imaging;

namespace Tessera.Augment.Geometric;

/// <summary>Remap fields of the distortion transforms (albumentations 1.3.1 <c>grid_distortion</c>, <c>optical_distortion</c>, <c>elastic_transform</c>).</summary>
internal static class DistortionKernels
{
    /// <summary>numpy <c>linspace(start, stop, n)</c> written as float32 into <paramref name="dst"/>.</summary>
    private static void Linspace(Span<float> dst, double start, double stop)
    {
        var n = dst.Length;
        if (n == 0)
        {
            return;
        }
        var step = n > 1 ? (stop - start) / (n - 1) : 0;
        for (var i = 0; i < n; i++)
        {
            dst[i] = (float)((i * step) + start);
        }
        if (n > 1)
        {
            dst[n - 1] = (float)stop;
        }
    }

    private static float[] Axis(int size, int numSteps, IReadOnlyList<double> steps)
    {
        var axis = new float[size];
        var step = size / numSteps;
        double prev = 0;
        for (var idx = 0; idx <= numSteps; idx++)
        {
            var start = idx * step;
            var end = start + step;
            double cur;
            if (end > size)
            {
                end = size;
                cur = size;
            }
            else
            {
                cur = prev + (step * steps[idx]);
            }
            if (end > start && start < size)
            {
                Linspace(axis.AsSpan(start, end - start), prev, cur);
            }
            prev = cur;
        }
        return axis;
    }

    /// <summary>The maps of <c>grid_distortion</c>.</summary>
    public static RemapMaps GridMaps(int height, int width, int numSteps, IReadOnlyList<double> xsteps, IReadOnlyList<double> ysteps)
    {
        var xx = Axis(width, numSteps, xsteps);
        var yy = Axis(height, numSteps, ysteps);
        var maps = RemapMaps.Rent(height * width);
        var (mx, my) = (maps.X, maps.Y);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                mx[(y * width) + x] = xx[x];
                my[(y * width) + x] = yy[y];
            }
        }
        return maps;
    }

    /// <summary>The maps of <c>optical_distortion</c> (OpenCV <c>initUndistortRectifyMap</c> with k1 = k2 = k).</summary>
    public static RemapMaps OpticalMaps(int height, int width, double k, double dx, double dy)
    {
        using var camera = new ArrayMat(new float[] { width, 0, (float)((width * 0.5) + dx), 0, height, (float)((height * 0.5) + dy), 0, 0, 1 }, 3, 3, MatType.CV_32FC1);
        using var dist = new ArrayMat(new float[] { (float)k, (float)k, 0, 0, 0 }, 1, 5, MatType.CV_32FC1);
        using var map1 = new Mat();
        using var map2 = new Mat();
        using var r = new Mat();
        using var newCamera = new Mat();
        Cv.InitUndistortRectifyMap(camera, dist, r, newCamera, new Size(width, height), MatType.CV_32FC1, map1, map2);
        var maps = RemapMaps.Rent(height * width);
        var (mx, my) = (maps.X, maps.Y);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                mx[(y * width) + x] = map1.At<float>(y, x);
                my[(y * width) + x] = map2.At<float>(y, x);
            }
        }
        return maps;
    }

    /// <summary>
    /// How albumentations moves a box through a non-affine warp: fill the box (integer-truncated corners) in an
    /// empty mask, warp it with nearest neighbour, take the extent of what remains.
    /// </summary>
    public static NormalizedBox BoxThroughMask(NormalizedBox box, ImageShape s, Func<Image, Image> warpMask)
    {
        using var mask = Image.CreateGray(s.Height, s.Width, PixelType.UInt8);
        var px = mask.Pixels<byte>();
        int x1 = Math.Max(0, (int)(box.XMin * s.Width)), y1 = Math.Max(0, (int)(box.YMin * s.Height));
        int x2 = Math.Min(s.Width, (int)(box.XMax * s.Width)), y2 = Math.Min(s.Height, (int)(box.YMax * s.Height));
        for (var y = y1; y < y2; y++)
        {
            px.Slice((y * s.Width) + x1, Math.Max(0, x2 - x1)).Fill(1);
        }
        using var warped = warpMask(mask);
        var (bx1, by1, bx2, by2) = GeometricKernels.BoxFromMask(warped.Pixels<byte>(), warped.Height, warped.Width);
        return box with { XMin = bx1 / s.Width, YMin = by1 / s.Height, XMax = bx2 / s.Width, YMax = by2 / s.Height };
    }

    /// <summary>Remaps with <paramref name="maps"/> and gives them back to the pool.</summary>
    public static Image Remap(Image image, RemapMaps maps, Interpolation interpolation, BorderMode border, double[]? fill)
    {
        using (maps)
        {
            return CvImage.Remap(image, maps.X, maps.Y, image.Height, image.Width, interpolation, border, fill);
        }
    }
}
