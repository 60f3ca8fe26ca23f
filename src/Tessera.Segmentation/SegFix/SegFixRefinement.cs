using Tessera.Core.Arrays;
using Tessera.Core.Errors;
using Tessera.Segmentation.Labels;

namespace Tessera.Segmentation.SegFix;

/// <summary>
/// SegFix refinement (openseg.pytorch <c>scripts/cityscapes/segfix.py</c>, <c>shift</c>, under its pinned
/// PyTorch 0.4.1 semantics): every pixel takes the label found at its offset times a scale, with the sample position
/// clamped to the image (border padding). Offsets are zero away from boundaries, so only boundary pixels change.
/// </summary>
public static class SegFixRefinement
{
    /// <summary>Refines a label map with an offset map.</summary>
    /// <param name="prediction">Labels to refine (any values).</param>
    /// <param name="offsets">Integer (row, column) offsets, shape [H, W, 2], any integer dtype (int8 as SegFix stores them).</param>
    /// <param name="scale">Offset multiplier (<c>--scale</c>, default 2), ≥ 1.</param>
    /// <param name="steps">How many times to follow the offsets (1 = the reference); step k reads the result of step k−1.</param>
    /// <returns>A new label map: <c>out[y, x] = in[clamp(y + scale·dh), clamp(x + scale·dw)]</c>, repeated <paramref name="steps"/> times.</returns>
    /// <exception cref="TesseraArgumentException">Shape mismatch, a non-integer dtype, scale &lt; 1 or steps &lt; 1.</exception>
    public static LabelMap Refine(LabelMap prediction, NdArray offsets, int scale = 2, int steps = 1)
        => Refine(prediction, offsets, scale, steps, CancellationToken.None);

    /// <summary>Refines a label map with an offset map; stops with <see cref="OperationCanceledException"/> when cancelled.</summary>
    /// <param name="prediction">Labels to refine (any values).</param>
    /// <param name="offsets">Integer (row, column) offsets, shape [H, W, 2].</param>
    /// <param name="scale">Offset multiplier, ≥ 1.</param>
    /// <param name="steps">How many times to follow the offsets, ≥ 1 (any number: the cost grows with its logarithm).</param>
    /// <param name="cancellationToken">Checked between the squarings of the source map.</param>
    /// <returns>A new label map.</returns>
    /// <exception cref="TesseraArgumentException">Shape mismatch, a non-integer dtype, scale &lt; 1 or steps &lt; 1.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static LabelMap Refine(LabelMap prediction, NdArray offsets, int scale, int steps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(offsets);
        Guard.That(scale >= 1, nameof(scale), $"must be ≥ 1 (got {scale})");
        Guard.That(steps >= 1, nameof(steps), $"must be ≥ 1 (got {steps})");
        Guard.That(offsets.Rank == 3 && offsets.Shape[0] == prediction.Height && offsets.Shape[1] == prediction.Width && offsets.Shape[2] == 2,
            nameof(offsets), $"shape [{string.Join(", ", offsets.Shape)}] must be [{prediction.Height}, {prediction.Width}, 2]");
        Guard.That(offsets.DType is DType.Int8 or DType.Int16 or DType.Int32 or DType.Int64 or DType.UInt8,
            nameof(offsets), $"must hold integers (got {offsets.DType}); SegFix offsets are int8");
        var h = prediction.Height;
        var w = prediction.Width;
        var off = offsets.ToInt64Array();
        // Precompute each pixel's source index once; steps then only gather.
        var source = new int[h * w];
        Parallel.For(0, h, y =>
        {
            for (var x = 0; x < w; x++)
            {
                var i = (y * w) + x;
                var sy = Math.Clamp(y + (scale * off[2 * i]), 0, h - 1);
                var sx = Math.Clamp(x + (scale * off[(2 * i) + 1]), 0, w - 1);
                source[i] = (int)((sy * w) + sx);
            }
        });
        // out = pred ∘ sourceᵏ: the source map is composed with itself by repeated squaring, so any number of steps
        // costs O(H·W·log steps) (2,000,000,000 steps is 31 squarings, not 2·10⁹ passes)
        var result = new int[h * w];
        for (var i = 0; i < result.Length; i++) { result[i] = i; }
        var power = source;
        for (var k = steps; k > 0; k >>= 1)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if ((k & 1) != 0)
            {
                var r = result;
                var p = power;
                Parallel.For(0, h, y => { for (var i = y * w; i < (y + 1) * w; i++) { r[i] = p[r[i]]; } });
            }
            if (k > 1)
            {
                var p = power;
                var squared = new int[h * w];
                Parallel.For(0, h, y => { for (var i = y * w; i < (y + 1) * w; i++) { squared[i] = p[p[i]]; } });
                power = squared;
            }
        }
        var labels = prediction.Raw;
        var current = new byte[h * w];
        for (var i = 0; i < current.Length; i++) { current[i] = labels[result[i]]; }
        return LabelMap.Adopt(current, h, w);
    }

    /// <summary>
    /// Bug-compatible refinement: the reference script's <c>shift</c> run under PyTorch ≥ 1.3, whose
    /// <c>grid_sample</c> defaults to <c>align_corners=False</c> while the script normalises by (W−1)/2. The sample
    /// position becomes <c>((y + s·dh)·H/(H−1) − 0.5, (x + s·dw)·W/(W−1) − 0.5)</c>, clamped to the image; the label
    /// values are blended bilinearly and rounded half to even, so a pixel can get a label of neither neighbour and
    /// unshifted pixels move by up to half a pixel. Use <see cref="Refine(LabelMap, NdArray, int, int)"/> unless you must reproduce those outputs.
    /// </summary>
    /// <param name="prediction">Labels to refine (at least 2×2).</param>
    /// <param name="offsets">Integer offsets [H, W, 2].</param>
    /// <param name="scale">Offset multiplier (default 2).</param>
    /// <returns>A new label map.</returns>
    /// <exception cref="TesseraArgumentException">Shape mismatch, non-integer offsets, a map under 2×2 or scale &lt; 1.</exception>
    public static LabelMap RefineBilinearUnaligned(LabelMap prediction, NdArray offsets, int scale = 2)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(offsets);
        Guard.That(scale >= 1, nameof(scale), $"must be ≥ 1 (got {scale})");
        Guard.That(prediction.Height >= 2 && prediction.Width >= 2, nameof(prediction), $"must be at least 2×2 (got {prediction.Height}×{prediction.Width})");
        Guard.That(offsets.Rank == 3 && offsets.Shape[0] == prediction.Height && offsets.Shape[1] == prediction.Width && offsets.Shape[2] == 2,
            nameof(offsets), $"shape [{string.Join(", ", offsets.Shape)}] must be [{prediction.Height}, {prediction.Width}, 2]");
        Guard.That(offsets.DType is DType.Int8 or DType.Int16 or DType.Int32 or DType.Int64 or DType.UInt8,
            nameof(offsets), $"must hold integers (got {offsets.DType})");
        var h = prediction.Height;
        var w = prediction.Width;
        var off = offsets.ToInt64Array();
        var src = prediction.Raw;
        var dst = new byte[h * w];
        var fy = (double)h / (h - 1);
        var fx = (double)w / (w - 1);
        Parallel.For(0, h, y =>
        {
            for (var x = 0; x < w; x++)
            {
                var i = (y * w) + x;
                var sy = Math.Clamp(((y + (scale * off[2 * i])) * fy) - 0.5, 0, h - 1);
                var sx = Math.Clamp(((x + (scale * off[(2 * i) + 1])) * fx) - 0.5, 0, w - 1);
                var y0 = (int)Math.Floor(sy);
                var x0 = (int)Math.Floor(sx);
                var y1 = Math.Min(y0 + 1, h - 1);
                var x1 = Math.Min(x0 + 1, w - 1);
                var wy = sy - y0;
                var wx = sx - x0;
                var v = ((1 - wy) * (((1 - wx) * src[(y0 * w) + x0]) + (wx * src[(y0 * w) + x1])))
                        + (wy * (((1 - wx) * src[(y1 * w) + x0]) + (wx * src[(y1 * w) + x1])));
                dst[i] = (byte)Math.Clamp(Math.Round(v, MidpointRounding.ToEven), 0, 255);
            }
        });
        return LabelMap.Adopt(dst, h, w);
    }

    /// <summary>
    /// Offsets from a predicted boundary mask and direction map, as the reference's <c>Tester._get_offset</c>:
    /// the bin's step where the mask is above 0.5, (0, 0) elsewhere.
    /// </summary>
    /// <param name="boundaryMask">[H, W] mask or probability (any numeric dtype).</param>
    /// <param name="directionBins">[H, W] bin per pixel (any integer dtype); read only where the mask is set.</param>
    /// <param name="bins">4, 8 or 16.</param>
    /// <returns>A new int8 array [H, W, 2].</returns>
    /// <exception cref="TesseraArgumentException">Shapes differ, or a masked pixel's bin is out of range.</exception>
    public static NdArray OffsetsFromPrediction(NdArray boundaryMask, NdArray directionBins, int bins = 8)
    {
        ArgumentNullException.ThrowIfNull(boundaryMask);
        ArgumentNullException.ThrowIfNull(directionBins);
        DirectionBins.RequireBins(bins);
        Guard.That(boundaryMask.Rank == 2, nameof(boundaryMask), $"must be 2-D (got {boundaryMask})");
        Guard.That(directionBins.Shape.SequenceEqual(boundaryMask.Shape), nameof(directionBins),
            $"shape [{string.Join(", ", directionBins.Shape)}] must equal the mask's [{string.Join(", ", boundaryMask.Shape)}]");
        var mask = boundaryMask.ToDoubleArray();
        var dir = directionBins.ToInt64Array();
        var table = DirectionBins.TableOf(bins);
        var result = new sbyte[mask.Length * 2];
        for (var i = 0; i < mask.Length; i++)
        {
            if (!(mask[i] > 0.5)) { continue; }
            var b = dir[i];
            Guard.That(b >= 0 && b < bins, nameof(directionBins),
                $"bin {b} at flat index {i} is outside [0, {bins})");
            result[2 * i] = table[b][0];
            result[(2 * i) + 1] = table[b][1];
        }
        return NdArray.FromArray<sbyte>(result, boundaryMask.Shape[0], boundaryMask.Shape[1], 2);
    }

    /// <summary>Oracle refinement: offsets from the ground truth's SegFix targets, then <see cref="Refine(LabelMap, NdArray, int, int)"/>.</summary>
    /// <param name="prediction">Labels to refine.</param>
    /// <param name="groundTruth">Ground truth of the same size.</param>
    /// <param name="options">Ground-truth settings (kernel size …); null = defaults.</param>
    /// <param name="bins">Direction bins (4, 8, 16; default 8 as SegFix).</param>
    /// <param name="scale">Offset multiplier.</param>
    /// <param name="steps">Refinement steps.</param>
    /// <returns>The refined map.</returns>
    /// <exception cref="TesseraArgumentException">Sizes differ or invalid settings.</exception>
    public static LabelMap RefineWithOracle(LabelMap prediction, LabelMap groundTruth, SegFixOptions? options = null, int bins = 8, int scale = 2, int steps = 1)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(groundTruth);
        prediction.RequireSameSize(groundTruth, nameof(groundTruth));
        var targets = SegFixGroundTruth.Compute(groundTruth, options);
        return Refine(prediction, targets.OffsetMap(bins), scale, steps);
    }
}
