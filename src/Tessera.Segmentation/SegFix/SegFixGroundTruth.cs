using Tessera.Segmentation.Labels;

namespace Tessera.Segmentation.SegFix;

/// <summary>
/// Computes SegFix's training targets from a label map, as openseg.pytorch's
/// <c>dt_offset_generator.py</c> + <c>DTOffsetHelper</c> do: per-class exact Euclidean distance transforms
/// (scipy <c>distance_transform_edt</c> conventions), the fused distance and depth, the boundary mask, the direction
/// filter response and its quantised angle. Classes are processed in parallel rows/columns.
/// </summary>
public static class SegFixGroundTruth
{
    /// <summary>Computes the targets.</summary>
    /// <param name="labels">Ground truth; labels in [0, NumClasses) or the ignore label.</param>
    /// <param name="options">Settings; null = <see cref="SegFixOptions.Default"/>.</param>
    /// <param name="cancellationToken">Checked between classes.</param>
    /// <returns>The targets.</returns>
    /// <exception cref="Tessera.Core.Errors.TesseraArgumentException">Invalid options or a label outside [0, N) that is not the ignore label.</exception>
    /// <remarks>Edge cases kept from the reference: the image border is not a boundary; a class covering the whole
    /// image measures to the virtual pixel (row −1, col 0) as scipy 1.10 does; classes under
    /// <see cref="SegFixOptions.MinClassPixels"/> pixels get distance 0 and are therefore boundary.</remarks>
    public static SegFixTargets Compute(LabelMap labels, SegFixOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(labels);
        options ??= SegFixOptions.Default;
        options.Validate();
        labels.RequireLabelsInRange(options.NumClasses, options.IgnoreLabel, nameof(labels));
        var h = labels.Height;
        var w = labels.Width;
        var raw = labels.Raw;
        var n = options.NumClasses;

        var counts = new long[n];
        var top = new int[n];
        var left = new int[n];
        var bottom = new int[n];
        var right = new int[n];
        Array.Fill(top, int.MaxValue);
        Array.Fill(left, int.MaxValue);
        Array.Fill(bottom, -1);
        Array.Fill(right, -1);
        for (var y = 0; y < h; y++)
        {
            var row = y * w;
            for (var x = 0; x < w; x++)
            {
                int c = raw[row + x];
                if (c >= n) { continue; }
                counts[c]++;
                if (y < top[c]) { top[c] = y; }
                bottom[c] = y;
                if (x < left[c]) { left[c] = x; }
                if (x > right[c]) { right[c] = x; }
            }
        }
        var processed = new bool[n];
        var processedList = new List<int>();
        var skipped = new List<int>();
        for (var c = 0; c < n; c++)
        {
            if (counts[c] == 0) { continue; }
            if (counts[c] < options.MinClassPixels) { skipped.Add(c); continue; }
            processed[c] = true;
            processedList.Add(c);
        }

        var fused = new float[h * w];
        foreach (var c in processedList)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (counts[c] == (long)h * w)
            {
                EuclideanDistance.WriteWholeImageClass(h, w, fused);
                continue;
            }
            EuclideanDistance.WriteClassDistance(raw, h, w, (byte)c, (top[c], left[c], bottom[c], right[c]), fused,
                parallel: counts[c] > 4096);
        }

        var depth = new byte[h * w];
        var boundary = new sbyte[h * w];
        var clip = (float)options.DepthClip;
        for (var i = 0; i < fused.Length; i++)
        {
            var d = (byte)(int)MathF.Min(fused[i], clip);
            depth[i] = d;
            boundary[i] = raw[i] == options.IgnoreLabel ? (sbyte)-1
                : d >= options.MinDistance && d <= options.MaxDistance ? (sbyte)1 : (sbyte)0;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var response = new float[h * w * 2];
        DirectionFilter.Apply(raw, fused, processed, h, w, options.KernelSize, response);
        var dirDeg = new byte[h * w];
        Parallel.For(0, h, y =>
        {
            for (var i = y * w; i < (y + 1) * w; i++)
            {
                dirDeg[i] = DirectionBins.DirectionDegrees(response[2 * i], response[(2 * i) + 1]);
            }
        });
        return new SegFixTargets(options, h, w, raw, fused, depth, boundary, response, dirDeg, processedList, skipped);
    }
}
